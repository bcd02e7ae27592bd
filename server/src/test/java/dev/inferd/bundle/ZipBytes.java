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
        int at = centralRecordOf(patched, name);
        buffer.put(at + 5, (byte) 3); // "version made by": host system Unix
        buffer.putInt(at + 38, unixMode << 16);
        return patched;
    }

    /** Where the central directory's record of the entry named {@code name} starts. */
    private static int centralRecordOf(byte[] zip, String name) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + 46 <= zip.length; at++) {
            if (buffer.getInt(at) != CENTRAL_DIRECTORY_SIGNATURE) {
                continue;
            }
            int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
            if (nameLength == wanted.length && new String(zip, at + 46, nameLength, StandardCharsets.UTF_8).equals(name)) {
                return at;
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
        ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN).putInt(centralRecordOf(patched, name) + 24, size);
        return patched;
    }

    private static final int END_OF_CENTRAL_DIRECTORY_BYTES = 22;

    /** The zip, which must have no comment, with its end record's entry count set to {@code count}. */
    public static byte[] withDeclaredEntryCount(byte[] zip, int count) {
        byte[] patched = zip.clone();
        ByteBuffer end = ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN);
        int at = patched.length - END_OF_CENTRAL_DIRECTORY_BYTES;
        end.putShort(at + 8, (short) count);
        end.putShort(at + 10, (short) count);
        return patched;
    }

    /** The zip, which must have no comment, with its end record's central directory length set to {@code length}. */
    public static byte[] withDeclaredDirectoryLength(byte[] zip, int length) {
        byte[] patched = zip.clone();
        ByteBuffer.wrap(patched).order(ByteOrder.LITTLE_ENDIAN).putInt(patched.length - END_OF_CENTRAL_DIRECTORY_BYTES + 12, length);
        return patched;
    }

    /**
     * The zip, which must have no comment, ended as a ZIP64 archive ends: a ZIP64 end record and its
     * locator hold the directory's place, size and count, and the old end record says only "see ZIP64",
     * as in a zip past 4 GiB, which a test cannot afford to write.
     */
    public static byte[] asZip64(byte[] zip) {
        int endAt = zip.length - END_OF_CENTRAL_DIRECTORY_BYTES;
        ByteBuffer old = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        long count = Short.toUnsignedInt(old.getShort(endAt + 10));
        long directoryLength = Integer.toUnsignedLong(old.getInt(endAt + 12));
        long directoryOffset = Integer.toUnsignedLong(old.getInt(endAt + 16));
        ByteBuffer out = ByteBuffer.allocate(endAt + 56 + 20 + END_OF_CENTRAL_DIRECTORY_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        out.put(zip, 0, endAt);
        out.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                .putLong(count).putLong(count).putLong(directoryLength).putLong(directoryOffset);
        out.putInt(0x07064b50).putInt(0).putLong(endAt).putInt(1);
        out.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 0xFFFF).putShort((short) 0xFFFF)
                .putInt(0xFFFFFFFF).putInt(0xFFFFFFFF).putShort((short) 0);
        return out.array();
    }

    /** The zip with the first byte of every occurrence of {@code marker} (ASCII) set to {@code value}. */
    public static byte[] withMarkerByte(byte[] zip, String marker, byte value) {
        byte[] patched = zip.clone();
        byte[] wanted = marker.getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + wanted.length <= patched.length; at++) {
            if (ByteBuffer.wrap(patched, at, wanted.length).equals(ByteBuffer.wrap(wanted))) {
                patched[at] = value;
            }
        }
        return patched;
    }
}
