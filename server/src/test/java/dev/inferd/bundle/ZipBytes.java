package dev.inferd.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hand-made zips that {@link BundleZip#write} would never produce: any entry name, Unix modes in the
 * central directory, the same name twice. Public so the HTTP tests can send them too.
 */
public final class ZipBytes {
    private static final int CENTRAL_DIRECTORY_SIGNATURE = 0x02014b50;
    public static final int UNIX_SYMLINK_MODE = 0120777;

    private ZipBytes() {
    }

    /** Zips the entries in the given order, names as they are; null content makes a directory entry. */
    public static byte[] zip(Map<String, String> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                if (entry.getValue() != null) {
                    out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Sets the Unix mode of the entry named {@code name} in the central directory, as Info-ZIP does. */
    public static byte[] withUnixMode(byte[] zip, String name, int unixMode) {
        byte[] patched = zip.clone();
        ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 46 <= patched.length; at++) {
            if (buffer.getInt(at) != CENTRAL_DIRECTORY_SIGNATURE) {
                continue;
            }
            int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
            if (nameLength == wanted.length && new String(patched, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                buffer.put(at + 5, (byte) 3); // "version made by": host system Unix
                buffer.putInt(at + 38, unixMode << 16);
                return patched;
            }
        }
        throw new IllegalArgumentException("no central directory entry named " + name);
    }

    /** Replaces every occurrence of one entry name by another of the same length, in local headers and central directory. */
    public static byte[] renamed(byte[] zip, String from, String to) {
        byte[] source = from.getBytes(StandardCharsets.UTF_8);
        byte[] target = to.getBytes(StandardCharsets.UTF_8);
        if (source.length != target.length) {
            throw new IllegalArgumentException("names must have the same length");
        }
        byte[] patched = zip.clone();
        int replaced = 0;
        for (int at = 0; at + source.length <= patched.length; at++) {
            if (ByteBuffer.wrap(patched, at, source.length).equals(ByteBuffer.wrap(source))) {
                System.arraycopy(target, 0, patched, at, target.length);
                replaced++;
            }
        }
        if (replaced != 2) {
            throw new IllegalStateException("expected the name once in a local header and once in the central directory; found "
                    + replaced);
        }
        return patched;
    }

    /** Sets the uncompressed size the central directory gives for the entry named {@code name}. */
    public static byte[] withDeclaredSize(byte[] zip, String name, int size) {
        byte[] patched = zip.clone();
        ByteBuffer buffer = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 46 <= patched.length; at++) {
            if (buffer.getInt(at) != CENTRAL_DIRECTORY_SIGNATURE) {
                continue;
            }
            int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
            if (nameLength == wanted.length && new String(patched, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                buffer.putInt(at + 24, size);
                return patched;
            }
        }
        throw new IllegalArgumentException("no central directory entry named " + name);
    }
}
