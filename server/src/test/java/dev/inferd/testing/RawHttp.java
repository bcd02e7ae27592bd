package dev.inferd.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP written by hand on a socket, for requests no client library would send: a body that stops, a lying length. */
public final class RawHttp {
    private RawHttp() {
    }

    /**
     * Sends {@code request} (its characters as bytes, ISO-8859-1), then reads until the server closes
     * the connection or 10 s pass. @return what came, then {@code <closed>} or {@code <still open>}
     */
    public static String sendAndWait(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readUntilClosed(socket, Duration.ofSeconds(10));
        }
    }

    /** Reads until the server closes the connection or {@code within} passes, as {@link #sendAndWait} does. */
    public static String readUntilClosed(Socket socket, Duration within) throws IOException {
        socket.setSoTimeout((int) within.toMillis());
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                received.write(buffer, 0, read);
            }
            return received.toString(StandardCharsets.UTF_8) + "<closed>";
        } catch (SocketTimeoutException e) {
            return received.toString(StandardCharsets.UTF_8) + "<still open>";
        }
    }
}
