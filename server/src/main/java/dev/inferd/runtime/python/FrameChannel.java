package dev.inferd.runtime.python;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Length-prefixed frames, both ways: a 4-byte unsigned big-endian length, then the payload. The
 * payload is one JSON object; see {@link PythonWorker} for the messages.
 */
final class FrameChannel {
    /** A result bigger than this is treated as a broken worker rather than read into memory. */
    static final int MAX_FRAME_BYTES = 512 * 1024 * 1024;

    private final DataInputStream in;
    private final OutputStream out;

    FrameChannel(InputStream in, OutputStream out) {
        this.in = new DataInputStream(in);
        this.out = out;
    }

    /** The next frame's payload, or null when the other end closed the stream. */
    byte[] read() throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException closed) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME_BYTES) {
            throw new IOException("frame of " + Integer.toUnsignedString(length) + " bytes is over the limit");
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException closed) {
            return null;
        }
        return payload;
    }

    void write(byte[] payload) throws IOException {
        synchronized (out) {
            byte[] header = {
                    (byte) (payload.length >>> 24), (byte) (payload.length >>> 16),
                    (byte) (payload.length >>> 8), (byte) payload.length};
            out.write(header);
            out.write(payload);
            out.flush();
        }
    }

    void closeOutput() {
        try {
            out.close();
        } catch (IOException ignored) {
            // The worker is going away either way.
        }
    }
}
