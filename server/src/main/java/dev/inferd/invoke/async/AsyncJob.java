package dev.inferd.invoke.async;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An accepted async call and where it stands: running it ({@code status}) and delivering its
 * result ({@code deliveries}, {@code deliveredAt}, {@code nextDeliveryAt}).
 *
 * @param request     the call body as the client sent it; it is decoded again when the job runs
 * @param linkBase    set when the client asked for the result as a link: the base URL of links
 * @param result      the answer body, once the job has run (also for a failed call: its error body)
 * @param deliverUntil the time after which failed deliveries are no longer retried
 */
public record AsyncJob(String id, String deployment, int version, byte[] request, URI webhook,
                       boolean ignoreWebhookTimeout, Optional<String> linkBase, Status status,
                       Optional<byte[]> result, Optional<Integer> resultStatus, Instant createdAt,
                       Optional<Instant> finishedAt, int deliveries, Optional<Instant> deliveredAt,
                       Optional<Instant> nextDeliveryAt, Optional<Instant> deliverUntil,
                       Optional<String> lastDeliveryError) {

    /** queued: accepted, not started; running; done: answered 200; failed: answered with an error. */
    public enum Status {
        QUEUED, RUNNING, DONE, FAILED;

        public String wireName() {
            return name().toLowerCase();
        }
    }

    public AsyncJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
    }

    /** A job just accepted. */
    public static AsyncJob accepted(String id, String deployment, int version, byte[] request, URI webhook,
                                    boolean ignoreWebhookTimeout, Optional<String> linkBase, Instant now) {
        return new AsyncJob(id, deployment, version, request, webhook, ignoreWebhookTimeout, linkBase, Status.QUEUED,
                Optional.empty(), Optional.empty(), now, Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }
}
