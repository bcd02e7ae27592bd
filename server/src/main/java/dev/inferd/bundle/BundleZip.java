package dev.inferd.bundle;

import dev.inferd.error.BundleRejectedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Bundles as zip files, both ways, a file at a time: a bundle of any size passes through a buffer,
 * never whole through memory. Reading is defensive: entries that would land outside the bundle
 * ({@code ../}, absolute paths), symbolic links, duplicate names and archives that would unpack past
 * the limit are refused before anything touches the disk, and an entry whose bytes are not the size
 * the zip's directory gives is refused as it is read.
 */
public final class BundleZip {
    private static final int UNIX_FILE_TYPE_MASK = 0170000;
    private static final int UNIX_SYMLINK = 0120000;
    private static final int CENTRAL_DIRECTORY_SIGNATURE = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY_SIGNATURE = 0x06054b50;
    private static final int END_OF_CENTRAL_DIRECTORY_BYTES = 22;
    private static final int MAX_COMMENT_BYTES = 65_535;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_LOCATOR_BYTES = 20;
    private static final int ZIP64_END_SIGNATURE = 0x06064b50;
    private static final int ZIP64_END_BYTES = 56;
    private static final int MAX_ENTRIES = 10_000;
    /** Room for {@link #MAX_ENTRIES} records with names of a kilobyte and more; a bundle's is far smaller. */
    private static final int MAX_CENTRAL_DIRECTORY_BYTES = 16 << 20;
    private static final int BUFFER_BYTES = 64 * 1024;
    /**
     * Files this large are stored, not deflated: they are models' weights, which deflate by a few
     * percent at best (random-looking floats) at about 40 MB/s, which made deflating most of a
     * large deploy's time. A checksum pass, which they then need first, costs a fraction of that.
     */
    static final long STORED_FROM_BYTES = 1 << 20;

    private final long maxUnpackedBytes;

    /** What a zip holds: its files' content hash, and each file's path in the bundle and size. */
    public record Contents(String contentHash, SortedMap<String, Long> files) {
        public Contents {
            files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        }
    }

    public BundleZip(long maxUnpackedBytes) {
        this.maxUnpackedBytes = maxUnpackedBytes;
    }

    /**
     * Unpacks a zipped bundle into {@code directory}, which exists and is empty. A single top-level
     * folder holding inferd.yaml is stripped.
     */
    public Contents unpack(Path zip, Path directory) {
        return read(zip, directory);
    }

    /** Reads a zipped bundle as {@link #unpack} does, writing nothing: what it holds, to check it against a hash. */
    public Contents contents(Path zip) {
        return read(zip, null);
    }

    private Contents read(Path zipFile, Path directory) {
        int records = checkCentralDirectory(zipFile);
        try (ZipFile zip = new ZipFile(zipFile.toFile(), StandardCharsets.UTF_8)) {
            if (zip.size() != records) {
                throw new BundleRejectedException("the body is not a valid zip: broken central directory");
            }
            SortedMap<String, ZipEntry> files = stripSingleTopFolder(checkedFiles(zip));
            BundlePath.checkNoFileIsAFolder(files.keySet());
            ContentHash hash = new ContentHash();
            SortedMap<String, Long> sizes = new TreeMap<>();
            byte[] buffer = new byte[BUFFER_BYTES];
            for (Map.Entry<String, ZipEntry> file : files.entrySet()) {
                ZipEntry entry = file.getValue();
                long size = entry.getSize();
                hash.startFile(file.getKey(), size);
                // ZipFile, unlike ZipInputStream, does not check an entry's checksum.
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry);
                     OutputStream out = directory == null ? OutputStream.nullOutputStream()
                             : UnpackedBundles.createFile(directory, file.getKey())) {
                    long read = 0;
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        read += n;
                        if (read > size) {
                            break;
                        }
                        hash.update(buffer, 0, n);
                        crc.update(buffer, 0, n);
                        out.write(buffer, 0, n);
                    }
                    if (read != size) {
                        throw new BundleRejectedException("the zip's entry '" + entry.getName()
                                + "' does not hold the " + size + " bytes its directory gives");
                    }
                }
                if (crc.getValue() != entry.getCrc()) {
                    throw new BundleRejectedException("the zip's entry '" + entry.getName()
                            + "' is damaged: its bytes do not match its checksum");
                }
                sizes.put(file.getKey(), size);
            }
            return new Contents(hash.hex(), sizes);
        } catch (IllegalArgumentException e) {
            // What ZipFile throws for an entry's comment that is not valid UTF-8.
            throw new BundleRejectedException("the zip has an entry name or comment that is not UTF-8");
        } catch (ZipException e) {
            if (String.valueOf(e.getMessage()).contains("bad entry name")) {
                // What ZipFile says of a name that is not valid UTF-8.
                throw new BundleRejectedException("the zip has an entry name that is not UTF-8");
            }
            throw new BundleRejectedException("the body is not a valid zip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The zip's files by name, every name checked, and their declared sizes within the limit. */
    private Map<String, ZipEntry> checkedFiles(ZipFile zip) {
        Map<String, ZipEntry> files = new LinkedHashMap<>();
        long total = 0;
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (entry.isDirectory()) {
                BundlePath.check(name.substring(0, name.length() - 1));
                continue;
            }
            BundlePath.check(name);
            if (files.size() >= MAX_ENTRIES) {
                throw new BundleRejectedException("the zip has more than " + MAX_ENTRIES + " files");
            }
            if (entry.getSize() < 0) {
                throw new BundleRejectedException("the zip does not give the size of '" + name + "'");
            }
            total += entry.getSize();
            if (total > maxUnpackedBytes) {
                throw new BundleRejectedException("the bundle unpacks to more than " + maxUnpackedBytes + " bytes");
            }
            if (files.put(name, entry) != null) {
                throw new BundleRejectedException("the zip holds '" + name + "' twice");
            }
        }
        if (files.isEmpty()) {
            throw new BundleRejectedException("the zip holds no files");
        }
        return files;
    }

    /**
     * Zips files held in memory deterministically: sorted names, fixed timestamps, and files of
     * {@link #STORED_FROM_BYTES} or more stored rather than deflated.
     */
    public static byte[] write(Map<String, byte[]> files) {
        SortedMap<String, Source> sources = new TreeMap<>();
        files.forEach((name, bytes) -> sources.put(name, new Source(bytes.length, () -> new ByteArrayInputStream(bytes))));
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try {
            zip(sources, zip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip.toByteArray();
    }

    /**
     * Zips files from disk as {@link #write(Map)} zips them from memory, to {@code out}, a buffer at a time.
     *
     * @param files each file's path in the bundle, and where it is read from
     * @return the content hash of the files as they were read
     */
    public static String write(SortedMap<String, Path> files, OutputStream out) throws IOException {
        SortedMap<String, Source> sources = new TreeMap<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            sources.put(file.getKey(), new Source(Files.size(file.getValue()), () -> Files.newInputStream(file.getValue())));
        }
        return zip(sources, out);
    }

    /** A file to zip: its size, and its bytes, which a large file is read for twice (its checksum first). */
    private record Source(long size, Opener bytes) {
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    /** The one way bundles are zipped, wherever their files are. @return the content hash of the files as read */
    private static String zip(SortedMap<String, Source> files, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        ContentHash hash = new ContentHash();
        byte[] buffer = new byte[BUFFER_BYTES];
        for (Map.Entry<String, Source> file : files.entrySet()) {
            long size = file.getValue().size();
            zip.putNextEntry(entry(file.getKey(), size, size >= STORED_FROM_BYTES ? crcOf(file.getValue(), buffer) : null));
            hash.startFile(file.getKey(), size);
            long read = 0;
            try (InputStream in = file.getValue().bytes().open()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    hash.update(buffer, 0, n);
                    zip.write(buffer, 0, n);
                    read += n;
                }
            }
            if (read != size) {
                throw new IOException(file.getKey() + " changed while it was zipped");
            }
            zip.closeEntry();
        }
        // Not closed: the stream is the caller's.
        zip.finish();
        return hash.hex();
    }

    /** @param crc the file's checksum, needed when it is large enough to be stored; else unused and may be null */
    private static ZipEntry entry(String name, long size, CRC32 crc) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(0);
        if (size >= STORED_FROM_BYTES) {
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(size);
            entry.setCompressedSize(size);
            entry.setCrc(crc.getValue());
        }
        return entry;
    }

    private static CRC32 crcOf(Source file, byte[] buffer) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = file.bytes().open()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
        }
        return crc;
    }

    private static SortedMap<String, ZipEntry> stripSingleTopFolder(Map<String, ZipEntry> files) {
        if (files.containsKey(Manifest.FILE_NAME)) {
            return new TreeMap<>(files);
        }
        Set<String> topFolders = new HashSet<>();
        for (String name : files.keySet()) {
            int slash = name.indexOf('/');
            topFolders.add(slash < 0 ? "" : name.substring(0, slash + 1));
        }
        if (topFolders.size() != 1 || topFolders.contains("")) {
            return new TreeMap<>(files);
        }
        String prefix = topFolders.iterator().next();
        if (!files.containsKey(prefix + Manifest.FILE_NAME)) {
            return new TreeMap<>(files);
        }
        SortedMap<String, ZipEntry> stripped = new TreeMap<>();
        files.forEach((name, entry) -> stripped.put(name.substring(prefix.length()), entry));
        return stripped;
    }

    /**
     * Reads the central directory, the zip's list of entries, before anything else does: refuses one
     * larger than a bundle's can be (ZipFile would read it whole into memory), and any symbolic link
     * in it. The local headers carry no file type, so links are found here, in each record's external
     * attributes, whose upper 16 bits hold the Unix mode. Only the end of the file and the central
     * directory are read.
     *
     * @return how many records the directory holds, counted, not as its end record says
     */
    private static int checkCentralDirectory(Path zip) {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long length = channel.size();
            int tailLength = (int) Math.min(length, END_OF_CENTRAL_DIRECTORY_BYTES + MAX_COMMENT_BYTES);
            long tailStart = length - tailLength;
            ByteBuffer tail = readAt(channel, tailStart, tailLength);
            int end = findEndOfCentralDirectory(tail);
            if (end < 0) {
                throw new BundleRejectedException("the body is not a valid zip: no end of central directory");
            }
            int count = Short.toUnsignedInt(tail.getShort(end + 10));
            long directoryLength = Integer.toUnsignedLong(tail.getInt(end + 12));
            long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
            // As ZipFile reads it: the directory ends where the end record (or the ZIP64 one) begins.
            long directoryEnd = tailStart + end;
            if (count == 0xFFFF || directoryLength == 0xFFFFFFFFL || directoryOffset == 0xFFFFFFFFL) {
                // Past 4 GiB or 65,535 entries the values are in a ZIP64 record, which a locator just before names.
                long locatorAt = directoryEnd - ZIP64_LOCATOR_BYTES;
                ByteBuffer locator = locatorAt < 0 ? null : readAt(channel, locatorAt, ZIP64_LOCATOR_BYTES);
                if (locator == null || locator.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                    throw new BundleRejectedException("the body is not a valid zip: no ZIP64 end record");
                }
                long recordAt = locator.getLong(8);
                if (recordAt < 0 || recordAt + ZIP64_END_BYTES > locatorAt) {
                    throw new BundleRejectedException("the body is not a valid zip: broken ZIP64 end record");
                }
                ByteBuffer record = readAt(channel, recordAt, ZIP64_END_BYTES);
                if (record.getInt(0) != ZIP64_END_SIGNATURE) {
                    throw new BundleRejectedException("the body is not a valid zip: broken ZIP64 end record");
                }
                directoryLength = record.getLong(40);
                directoryEnd = recordAt;
            }
            if (directoryLength > MAX_CENTRAL_DIRECTORY_BYTES) {
                throw new BundleRejectedException("the zip's list of entries is over " + MAX_CENTRAL_DIRECTORY_BYTES
                        + " bytes, more than " + MAX_ENTRIES + " files can need");
            }
            long directoryStart = directoryEnd - directoryLength;
            if (directoryLength < 0 || directoryStart < 0) {
                throw new BundleRejectedException("the body is not a valid zip: broken central directory");
            }
            return refuseSymbolicLinks(readAt(channel, directoryStart, (int) directoryLength));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Walks every record of the directory, whatever count the end record gives. @return how many there are */
    private static int refuseSymbolicLinks(ByteBuffer directory) {
        int offset = 0;
        int records = 0;
        while (offset < directory.limit()) {
            if (offset + 46 > directory.limit() || directory.getInt(offset) != CENTRAL_DIRECTORY_SIGNATURE) {
                throw new BundleRejectedException("the body is not a valid zip: broken central directory");
            }
            int nameLength = Short.toUnsignedInt(directory.getShort(offset + 28));
            int extraLength = Short.toUnsignedInt(directory.getShort(offset + 30));
            int commentLength = Short.toUnsignedInt(directory.getShort(offset + 32));
            int unixMode = directory.getInt(offset + 38) >>> 16;
            if (offset + 46 + nameLength > directory.limit()) {
                throw new BundleRejectedException("the body is not a valid zip: broken central directory");
            }
            if ((unixMode & UNIX_FILE_TYPE_MASK) == UNIX_SYMLINK) {
                byte[] name = new byte[nameLength];
                directory.get(offset + 46, name);
                throw new BundleRejectedException("the zip holds a symbolic link, which bundles may not: '"
                        + new String(name, StandardCharsets.UTF_8) + "'");
            }
            offset += 46 + nameLength + extraLength + commentLength;
            records++;
        }
        return records;
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new BundleRejectedException("the body is not a valid zip: it ends early");
            }
        }
        return buffer.flip();
    }

    private static int findEndOfCentralDirectory(ByteBuffer tail) {
        // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end; a comment may
        // hold the signature too, so the record is the one whose comment reaches the end.
        for (int at = tail.limit() - END_OF_CENTRAL_DIRECTORY_BYTES; at >= 0; at--) {
            if (tail.getInt(at) == END_OF_CENTRAL_DIRECTORY_SIGNATURE
                    && at + END_OF_CENTRAL_DIRECTORY_BYTES + Short.toUnsignedInt(tail.getShort(at + 20)) == tail.limit()) {
                return at;
            }
        }
        return -1;
    }
}
