package dev.inferd.invoke.async;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads a job's delivery schedule straight from a running server's database, read-only: the HTTP
 * API does not say whether another attempt is planned, and only the row can show that retrying
 * has stopped without waiting to see that nothing more arrives.
 */
final class JobRows {
    /** Where a job's delivery stands; {@code nextDeliveryAt} null means no further attempt. */
    record Row(int deliveries, Long deliveredAt, Long nextDeliveryAt, Long deliverUntil, Long finishedAt) {
        boolean givenUp() {
            return finishedAt != null && deliveredAt == null && nextDeliveryAt == null;
        }
    }

    private JobRows() {
    }

    private static Long nullable(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    static Row row(Path dataDirectory, String batchId) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        String url = "jdbc:sqlite:" + dataDirectory.resolve("inferd.db").toAbsolutePath();
        try (Connection connection = config.createConnection(url);
             PreparedStatement query = connection.prepareStatement(
                     "SELECT deliveries, delivered_at, next_delivery_at, deliver_until, finished_at FROM jobs WHERE id = ?")) {
            query.setString(1, batchId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no job row " + batchId);
                }
                return new Row(rows.getInt(1), nullable(rows, 2), nullable(rows, 3), nullable(rows, 4), nullable(rows, 5));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read job " + batchId, e);
        }
    }
}
