package dev.inferd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A started server: where it listens, and how to stop it. Closing stops the parts in the reverse
 * order of their start, so the HTTP edge drains before runtimes and storage go away.
 */
public final class RunningServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningServer.class);

    private final String host;
    private final int port;
    private final List<AutoCloseable> partsInStartOrder;
    private boolean closed;

    RunningServer(String host, int port, List<AutoCloseable> partsInStartOrder) {
        this.host = host;
        this.port = port;
        this.partsInStartOrder = new ArrayList<>(partsInStartOrder);
    }

    public int port() {
        return port;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shownHost + ":" + port;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAll(partsInStartOrder);
        log.info("inferd stopped");
    }

    /** Closes parts last-started first; one failing part does not keep the others open. */
    static void stopAll(List<AutoCloseable> partsInStartOrder) {
        for (int i = partsInStartOrder.size() - 1; i >= 0; i--) {
            try {
                partsInStartOrder.get(i).close();
            } catch (Exception e) {
                log.warn("stopping {} failed", partsInStartOrder.get(i).getClass().getSimpleName(), e);
            }
        }
    }
}
