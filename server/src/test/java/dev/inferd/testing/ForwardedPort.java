package dev.inferd.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback port that forwards each connection to another port on this machine, until it is cut:
 * then its connections break and new ones are refused, as when a database server goes away.
 */
public final class ForwardedPort implements AutoCloseable {
    private final ServerSocket listening;
    private final int target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    private ForwardedPort(int target) throws IOException {
        this.target = target;
        this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "forwarded-port-" + listening.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ForwardedPort to(int target) {
        try {
            return new ForwardedPort(target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on a loopback port", e);
        }
    }

    public int port() {
        return listening.getLocalPort();
    }

    /** Breaks every forwarded connection and refuses new ones. */
    public void cut() {
        cut = true;
        closeQuietly(listening);
        sockets.forEach(ForwardedPort::closeQuietly);
    }

    @Override
    public void close() {
        cut();
    }

    private void accept() {
        while (!cut) {
            try {
                Socket client = listening.accept();
                Socket server = new Socket();
                sockets.add(client);
                sockets.add(server);
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), target), 5_000);
                if (cut) {
                    closeQuietly(client);
                    closeQuietly(server);
                    return;
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException e) {
                // Cut, or one connection failed to open: the next accept tells which.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read; (read = in.read(buffer)) >= 0; ) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side or a cut closed it.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "forwarded-port-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // Already closed.
        }
    }
}
