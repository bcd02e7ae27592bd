package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Bundles as zip files, both ways. Reading is defensive: entries that would land outside the bundle
 * ({@code ../}, absolute paths), symbolic links, duplicate names and archives that inflate past the
 * limit are refused before anything touches the disk.
 */
public final class BundleZip {
    private static final int UNIX_FILE_TYPE_MASK = 0170000;
    private static final int UNIX_SYMLINK = 0120000;
    private static final int CENTRAL_DIRECTORY_SIGNATURE = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
    private static final int MAX_ENTRIES = 10_000;

    private final long maxUnpackedBytes;

    public BundleZip(long maxUnpackedBytes) {
        this.maxUnpackedBytes = maxUnpackedBytes;
    }

    /** Unpacks a zipped bundle into memory. A single top-level folder holding inferd.yaml is stripped. */
    public Map<String, byte[]> read(byte[] zip) {
        refuseSymbolicLinks(zip);
        Map<String, byte[]> files = new LinkedHashMap<>();
        long total = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory()) {
                    BundlePath.check(name.substring(0, name.length() - 1));
                    continue;
                }
                BundlePath.check(name);
                if (files.size() >= MAX_ENTRIES) {
                    throw new BundleRejectedException("the zip has more than " + MAX_ENTRIES + " files");
                }
                byte[] content = readBounded(in, maxUnpackedBytes - total);
                total += content.length;
                if (files.put(name, content) != null) {
                    throw new BundleRejectedException("the zip holds '" + name + "' twice");
                }
            }
        } catch (ZipException e) {
            throw new BundleRejectedException("the body is not a valid zip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            // ZipInputStream throws this for entry names that are not valid UTF-8.
            throw new BundleRejectedException("the zip has an entry name that is not UTF-8");
        }
        if (files.isEmpty()) {
            throw new BundleRejectedException("the zip holds no files");
        }
        return stripSingleTopFolder(files);
    }

    /** Zips files deterministically: sorted names, fixed timestamps. */
    public static byte[] write(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (String name : new TreeSet<>(files.keySet())) {
                ZipEntry entry = new ZipEntry(name);
                entry.setTime(0);
                out.putNextEntry(entry);
                out.write(files.get(name));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private byte[] readBounded(InputStream in, long remaining) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) > 0) {
            if (out.size() + (long) read > remaining) {
                throw new BundleRejectedException("the bundle unpacks to more than " + maxUnpackedBytes + " bytes");
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static Map<String, byte[]> stripSingleTopFolder(Map<String, byte[]> files) {
        if (files.containsKey(Manifest.FILE_NAME)) {
            return files;
        }
        Set<String> topFolders = new HashSet<>();
        for (String name : files.keySet()) {
            int slash = name.indexOf('/');
            topFolders.add(slash < 0 ? "" : name.substring(0, slash + 1));
        }
        if (topFolders.size() != 1 || topFolders.contains("")) {
            return files;
        }
        String prefix = topFolders.iterator().next();
        if (!files.containsKey(prefix + Manifest.FILE_NAME)) {
            return files;
        }
        Map<String, byte[]> stripped = new LinkedHashMap<>();
        files.forEach((name, content) -> stripped.put(name.substring(prefix.length()), content));
        return stripped;
    }

    /**
     * The local headers that ZipInputStream reads carry no file type, so links are found in the
     * central directory, whose external attributes hold the Unix mode in their upper 16 bits.
     */
    private static void refuseSymbolicLinks(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = findEndOfCentralDirectory(buffer);
        if (end < 0) {
            throw new BundleRejectedException("the body is not a valid zip: no end of central directory");
        }
        int entries = Short.toUnsignedInt(buffer.getShort(end + 10));
        long offset = Integer.toUnsignedLong(buffer.getInt(end + 16));
        for (int i = 0; i < entries; i++) {
            if (offset + 46 > zip.length || buffer.getInt((int) offset) != CENTRAL_DIRECTORY_SIGNATURE) {
                throw new BundleRejectedException("the body is not a valid zip: broken central directory");
            }
            int at = (int) offset;
            int nameLength = Short.toUnsignedInt(buffer.getShort(at + 28));
            int extraLength = Short.toUnsignedInt(buffer.getShort(at + 30));
            int commentLength = Short.toUnsignedInt(buffer.getShort(at + 32));
            int unixMode = buffer.getInt(at + 38) >>> 16;
            if (at + 46 + nameLength > zip.length) {
                throw new BundleRejectedException("the body is not a valid zip: broken central directory");
            }
            if ((unixMode & UNIX_FILE_TYPE_MASK) == UNIX_SYMLINK) {
                String name = new String(zip, at + 46, nameLength, StandardCharsets.UTF_8);
                throw new BundleRejectedException("the zip holds a symbolic link, which bundles may not: '" + name + "'");
            }
            offset += 46L + nameLength + extraLength + commentLength;
        }
    }

    private static int findEndOfCentralDirectory(ByteBuffer buffer) {
        // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
        int last = buffer.limit() - 22;
        int first = Math.max(0, last - 65_535);
        for (int at = last; at >= first; at--) {
            if (buffer.getInt(at) == END_OF_CENTRAL_DIRECTORY_SIGNATURE) {
                return at;
            }
        }
        return -1;
    }
}
