package dev.inferd.store;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;

/**
 * Hears what other replicas announce ({@link StoreTopic}) on a PostgreSQL connection of its own and
 * runs the topic's reaction, so that their changes apply here at once rather than at the next
 * periodic look. Notifications sent while this replica was not connected are lost; that is why
 * every reaction is also run on each (re)connection, and why the server keeps its periodic looks.
 */
public final class StoreNotifications implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreNotifications.class);
    private static final int WAIT_MILLIS = 500;
    private static final long RECONNECT_MILLIS = 1_000;

    private final PostgresDatabase database;
    private final Map<StoreTopic, Runnable> reactions;
    private final Thread thread;
    private volatile boolean closed;

    /** @param reactions what to run when a topic is announced; each should be quick or hand its work on */
    public StoreNotifications(PostgresDatabase database, Map<StoreTopic, Runnable> reactions) {
        this.database = database;
        this.reactions = new EnumMap<>(reactions);
        this.thread = new Thread(this::listen, "inferd-notifications");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void listen() {
        boolean reported = false;
        while (!closed) {
            try (Connection connection = database.openListeningConnection()) {
                try (Statement statement = connection.createStatement()) {
                    for (StoreTopic topic : reactions.keySet()) {
                        statement.execute("LISTEN " + topic.channel());
                    }
                }
                if (reported) {
                    log.info("listening to other replicas' changes again");
                }
                reported = false;
                // Whatever was announced while not listening.
                reactions.values().forEach(this::react);
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(WAIT_MILLIS);
                    if (received == null) {
                        continue;
                    }
                    EnumMap<StoreTopic, Boolean> announced = new EnumMap<>(StoreTopic.class);
                    for (PGNotification notification : received) {
                        for (StoreTopic topic : reactions.keySet()) {
                            if (topic.channel().equals(notification.getName())) {
                                announced.put(topic, true);
                            }
                        }
                    }
                    // A burst of announcements of one topic is one reaction.
                    announced.keySet().forEach(topic -> react(reactions.get(topic)));
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed && !reported) {
                    log.warn("cannot listen to other replicas' changes on {} ({}); they apply at the periodic look"
                            + " meanwhile", database.description(), e.getMessage());
                    reported = true;
                }
                pause();
            }
        }
    }

    private void react(Runnable reaction) {
        try {
            reaction.run();
        } catch (RuntimeException e) {
            log.warn("could not apply another replica's change; the periodic look will", e);
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(2_000);
    }
}
