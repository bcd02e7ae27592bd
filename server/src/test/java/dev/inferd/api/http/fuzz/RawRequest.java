package dev.inferd.api.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Bytes written as they are to a fresh TCP connection: malformed request lines, lying lengths,
 * broken chunking, header floods. The server must answer with a status, or close the connection,
 * within {@link #ANSWER_TIMEOUT_MILLIS}. A request it waits on (a body shorter than declared, a
 * chunk size line never ended) is not a hang while the client may still send; so after
 * {@link #QUIET_MILLIS} of silence with no final answer (nothing, or only {@code 100 Continue}) the
 * client half-closes, and from then on the server must answer or close.
 */
record RawRequest(byte[] bytes) {
    static final int QUIET_MILLIS = 1_000;
    static final int ANSWER_TIMEOUT_MILLIS = 10_000;

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fuzz-raw-writer");
        thread.setDaemon(true);
        return thread;
    });

    /** The method token of the request line, to know whether an answer may have a body. */
    String method() {
        int end = 0;
        while (end < bytes.length && bytes[end] != ' ' && bytes[end] != '\t' && bytes[end] != '\r' && bytes[end] != '\n' && end < 64) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** The first line, up to its line end. */
    String requestLine() {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n' && end < 200_000) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
    }

    /** @throws AssertionError on a hang: neither an answer nor a close in time */
    Answer send(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), ANSWER_TIMEOUT_MILLIS);
            socket.setSoTimeout(250);
            OutputStream out = socket.getOutputStream();
            // A writer of its own: a server that stops reading must not block the client's clock.
            var written = WRITERS.submit(() -> {
                out.write(bytes);
                out.flush();
                return null;
            });
            try {
                return readAnswer(socket, written, method().equalsIgnoreCase("HEAD"));
            } finally {
                written.cancel(true);
            }
        } catch (IOException e) {
            return Answer.closed();
        }
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Nothing, or nothing but {@code 100 Continue}: the server is still waiting for the request. */
    private static boolean onlyInterimAnswers(byte[] received) {
        if (received.length % CONTINUE.length != 0) {
            return false;
        }
        for (int i = 0; i < received.length; i++) {
            if (received[i] != CONTINUE[i % CONTINUE.length]) {
                return false;
            }
        }
        return true;
    }

    private Answer readAnswer(Socket socket, java.util.concurrent.Future<?> written, boolean head) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long start = System.nanoTime();
        boolean halfClosed = false;
        while (true) {
            int read;
            try {
                read = in.read(buffer);
            } catch (SocketTimeoutException quiet) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                if (!halfClosed && waited > QUIET_MILLIS && onlyInterimAnswers(received.toByteArray())) {
                    halfClosed = true;
                    try {
                        socket.shutdownOutput();
                    } catch (IOException alreadyGone) {
                        return Answer.closed();
                    }
                }
                if (waited > QUIET_MILLIS + ANSWER_TIMEOUT_MILLIS) {
                    throw new AssertionError("HANG: neither an answer nor a close within " + (QUIET_MILLIS + ANSWER_TIMEOUT_MILLIS)
                            + " ms (writer done: " + written.isDone() + ", received so far: "
                            + Printable.of(received.toByteArray()) + ") to " + this);
                }
                continue;
            } catch (IOException reset) {
                return parsed(received.toByteArray(), true, head);
            }
            if (read < 0) {
                return parsed(received.toByteArray(), true, head);
            }
            received.write(buffer, 0, read);
            Answer answer = parsed(received.toByteArray(), false, head);
            if (answer != null) {
                return answer;
            }
        }
    }

    /**
     * The first final answer in {@code received}, or null while it is incomplete. At the end of
     * the stream, what there is counts: nothing at all is a close without an answer.
     */
    private static Answer parsed(byte[] received, boolean ended, boolean head) {
        int offset = 0;
        while (true) {
            int headEnd = indexOf(received, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), offset);
            if (headEnd < 0) {
                if (!ended) {
                    return null;
                }
                if (offset == received.length) {
                    return Answer.closed();
                }
                throw new AssertionError("the server sent something that is not an HTTP answer: "
                        + Printable.of(java.util.Arrays.copyOfRange(received, offset, received.length)));
            }
            String headText = new String(received, offset, headEnd - offset, StandardCharsets.ISO_8859_1);
            String[] lines = headText.split("\r\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
                throw new AssertionError("the server sent something that is not an HTTP answer: " + Printable.of(headText));
            }
            int status = Integer.parseInt(statusLine[1]);
            String contentType = null;
            long contentLength = -1;
            boolean chunked = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Content-Type")) {
                    contentType = value;
                } else if (name.equalsIgnoreCase("Content-Length")) {
                    contentLength = Long.parseLong(value);
                } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                    chunked = value.toLowerCase().contains("chunked");
                }
            }
            int bodyStart = headEnd + 4;
            if (status == 101) {
                // Switched to h2c as asked; what follows is HTTP/2, which this client does not speak.
                return new Answer(status, contentType, new byte[0], false);
            }
            if (status >= 100 && status < 200) {
                offset = bodyStart;
                continue;
            }
            if (head || status == 204 || status == 304) {
                return new Answer(status, contentType, new byte[0], false);
            }
            if (chunked) {
                byte[] body = dechunked(received, bodyStart);
                if (body != null) {
                    return new Answer(status, contentType, body, false);
                }
            }
            int available = received.length - bodyStart;
            if (contentLength >= 0 && available >= contentLength) {
                return new Answer(status, contentType, java.util.Arrays.copyOfRange(received, bodyStart, bodyStart + (int) contentLength), false);
            }
            if (!ended) {
                return null;
            }
            return new Answer(status, contentType, java.util.Arrays.copyOfRange(received, bodyStart, received.length), false);
        }
    }

    /** The body of a complete chunked answer, or null while it is incomplete. */
    private static byte[] dechunked(byte[] received, int from) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int position = from;
        while (true) {
            int lineEnd = indexOf(received, new byte[]{'\r', '\n'}, position);
            if (lineEnd < 0) {
                return null;
            }
            String sizeText = new String(received, position, lineEnd - position, StandardCharsets.ISO_8859_1);
            int size = Integer.parseInt(sizeText.split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            if (lineEnd + 2 + size + 2 > received.length) {
                return null;
            }
            body.write(received, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "raw request " + Printable.of(bytes);
    }
}
