package dev.inferd.api.http;

import io.vertx.core.buffer.Buffer;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Bytes gathered into one array that grows when it must: a request body as its chunks arrive, or an
 * answer as Jackson writes it. Sized well up front, the bytes are copied once, into the array, and
 * unlike a ByteArrayOutputStream it lends the array out, so a part of it can be copied on without
 * first being cut into an array of its own.
 */
final class GrowingBytes extends OutputStream {
    private byte[] bytes;
    private int length;

    GrowingBytes(int expectedLength) {
        bytes = new byte[expectedLength];
    }

    @Override
    public void write(int b) {
        ensureRoom(1);
        bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int count) {
        ensureRoom(count);
        System.arraycopy(source, offset, bytes, length, count);
        length += count;
    }

    /** Appends a chunk straight from Vert.x's buffer. */
    void append(Buffer chunk) {
        ensureRoom(chunk.length());
        chunk.getBytes(0, chunk.length(), bytes, length);
        length += chunk.length();
    }

    private void ensureRoom(int count) {
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + count, 2 * bytes.length));
        }
    }

    int length() {
        return length;
    }

    /** The array written into; its first {@link #length()} bytes are the ones written. */
    byte[] array() {
        return bytes;
    }

    /** The bytes in an array of their own length: the one written into, when it is full. */
    byte[] exact() {
        return length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
    }
}
