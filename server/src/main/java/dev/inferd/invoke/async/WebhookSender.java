package dev.inferd.invoke.async;

import dev.inferd.error.BadRequestException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * POSTs a job's answer to its webhook: to the address the policy approved for this very attempt
 * (the URL's host still goes in the Host header and TLS name check), redirects not followed, and
 * a receiver that takes longer than the receiver timeout in all counts as failed unless the job
 * said to ignore that. The receiver's answer body is read and dropped, never kept, so a receiver
 * cannot make the server hold what it sends back.
 */
public final class WebhookSender implements AutoCloseable {
    /** How long a job that ignores the receiver timeout still waits before giving an attempt up. */
    static final Duration IGNORED_TIMEOUT_CAP = Duration.ofMinutes(15);

    private final Vertx vertx;
    private final HttpClient client;
    private final WebhookPolicy policy;
    private final Duration receiverTimeout;

    /** The fate of one delivery attempt. */
    public record Attempt(boolean accepted, boolean worthRetrying, String error) {
        static Attempt delivered() {
            return new Attempt(true, false, null);
        }

        static Attempt failed(boolean worthRetrying, String error) {
            return new Attempt(false, worthRetrying, error);
        }
    }

    /** The longest an attempt at delivering {@code job} may take before it is given up. */
    Duration longestAttempt(AsyncJob job) {
        return job.ignoreWebhookTimeout() ? IGNORED_TIMEOUT_CAP : receiverTimeout;
    }

    public WebhookSender(Vertx vertx, WebhookPolicy policy, Duration receiverTimeout) {
        this.vertx = vertx;
        this.policy = policy;
        this.receiverTimeout = receiverTimeout;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, receiverTimeout.toMillis()))
                .setVerifyHost(true)
                .setKeepAlive(false));
    }

    public Future<Attempt> deliver(AsyncJob job, byte[] body) {
        URI url = job.webhook();
        return vertx.<InetAddress>executeBlocking(() -> policy.check(url), false)
                .compose(address -> post(job, url, address, body))
                // A policy refusal will not change by retrying; a host that does not resolve now may.
                .recover(failure -> Future.succeededFuture(Attempt.failed(!(failure instanceof BadRequestException),
                        describe(failure))));
    }

    private Future<Attempt> post(AsyncJob job, URI url, InetAddress address, byte[] body) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : (https ? 443 : 80);
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        long timeout = (job.ignoreWebhookTimeout() ? IGNORED_TIMEOUT_CAP : receiverTimeout).toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setHost(url.getHost())
                .setPort(port)
                .setSsl(https)
                .setURI(path)
                .setFollowRedirects(false)
                .setTimeout(timeout)
                .putHeader("content-type", "application/json")
                .putHeader("x-batch-id", job.id());
        // The options' timeout only notices silence; this deadline bounds the whole attempt, so a
        // receiver that trickles a byte now and then is still too slow.
        Promise<Attempt> attempt = Promise.promise();
        long deadline = vertx.setTimer(timeout, fired -> attempt.tryFail("the receiver did not answer within "
                + Duration.ofMillis(timeout).toSeconds() + " s"));
        client.request(options)
                .compose(request -> {
                    attempt.future().onFailure(late -> request.reset());
                    return request.send(Buffer.buffer(body));
                })
                .compose(response -> {
                    response.handler(ignored -> { });
                    return response.end().map(done -> classify(response.statusCode()));
                })
                .onComplete(result -> {
                    vertx.cancelTimer(deadline);
                    if (result.succeeded()) {
                        attempt.tryComplete(result.result());
                    } else {
                        attempt.tryFail(result.cause());
                    }
                });
        return attempt.future();
    }

    /** 2xx is delivered; 408, 429 and 5xx may succeed later; other answers will not change by retrying. */
    private static Attempt classify(int status) {
        if (status >= 200 && status < 300) {
            return Attempt.delivered();
        }
        boolean retry = status == 408 || status == 429 || status >= 500;
        return Attempt.failed(retry, "the receiver answered " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        if (failure instanceof TimeoutException || message.contains("timeout")) {
            return "the receiver did not answer in time: " + message;
        }
        return message;
    }

    @Override
    public void close() {
        client.close();
    }
}
