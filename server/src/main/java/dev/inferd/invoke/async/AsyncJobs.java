package dev.inferd.invoke.async;

import dev.inferd.config.AsyncSettings;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.StoreOutageLog;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.error.ErrorAnswer;
import dev.inferd.error.OverloadedException;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.invoke.CallPipeline;
import dev.inferd.registry.DeploymentVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Async calls (PROTOCOL §3): a job is written to the store before the client learns its id, run on
 * the version its ref resolved to when it was accepted, and its answer, whatever it is, POSTed to
 * the webhook until a receiver accepts it or the delivery window closes. Everything goes through
 * the store, so after a crash a restart runs the jobs that had not finished (again, if they were
 * running) and delivers the answers that were not yet delivered: at least once, never lost.
 *
 * <p>Only storing, scheduling and delivering are done here. A job is checked and counted by the
 * {@link CallPipeline} when it is accepted, and run by it, like any call, when its turn comes.
 */
public final class AsyncJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AsyncJobs.class);
    private static final Duration TICK = Duration.ofMillis(200);
    /** Ticks five times a second: a database outage is logged when it begins and ends, not at every tick. */
    private final StoreOutageLog loop = new StoreOutageLog(log, "run and deliver async jobs");
    /** How long after an attempt's own time limit its delivery lease ends. */
    private static final Duration DELIVERY_LEASE_MARGIN = Duration.ofSeconds(20);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(10);
    private static final int DELIVERIES_PER_TICK = 32;

    private final JobStore store;
    private final CallPipeline pipeline;
    private final AsyncCodec codec;
    private final ResultLinks links;
    private final WebhookSender sender;
    private final WebhookPolicy webhookPolicy;
    private final AsyncSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final SecureRandom random;
    /** Jobs run under leases, so a job that a server sharing the store was running when it died runs again here. */
    private final JobLeases leases;
    private volatile Instant nextCleanup = Instant.EPOCH;
    /** False until what the earlier runs of this node left has been picked up, which needs the database. */
    private volatile boolean earlierRunsTakenBack;
    private volatile boolean closed;
    private ScheduledFuture<?> ticks;

    /**
     * @param owner who this server is when it holds the lease of a job it runs; Main picks it to
     *              suit the store
     */
    public AsyncJobs(JobStore store, CallPipeline pipeline, AsyncCodec codec, ResultLinks links, WebhookSender sender,
                     WebhookPolicy webhookPolicy, AsyncSettings settings, JobOwner owner, Clock clock,
                     ScheduledExecutorService scheduler, SecureRandom random) {
        this.store = store;
        this.pipeline = pipeline;
        this.codec = codec;
        this.links = links;
        this.sender = sender;
        this.webhookPolicy = webhookPolicy;
        this.settings = settings;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.leases = new JobLeases(store, owner, clock);
    }

    /**
     * Picks up what a previous run left: the jobs it was running are queued again, pending deliveries go on
     * (when the database is away, at the first tick that reaches it).
     * The periodic look at the queue begins once the server listens ({@code whenListening}): the
     * first one's store reads cost about 0.1 s of CPU (the SQL is parsed for the first time), which
     * a start bound by the cores would pay for, and a job accepted later is started without it.
     */
    public void start(Executor whenListening) {
        try {
            takeBackEarlierRuns();
        } catch (StoreUnavailableException e) {
            // A shared database that is away must not keep the server from starting and serving what
            // it loads; the first tick that reaches the database picks up instead.
            log.warn("async jobs wait for the database: {}", e.getMessage());
        }
        whenListening.execute(this::startTicking);
    }

    private void takeBackEarlierRuns() {
        int requeued = leases.takeBackEarlierRuns();
        if (requeued > 0) {
            log.info("{} async job(s) were running when the server stopped; they run again", requeued);
        }
        store.resumeDeliveries(clock.instant());
        earlierRunsTakenBack = true;
    }

    private synchronized void startTicking() {
        if (closed) {
            return;
        }
        try {
            ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopping) {
            log.debug("server stopping; queued jobs are left for the next start", stopping);
        }
    }

    /**
     * Persists a job for a call the pipeline has checked and counted ({@link dev.inferd.invoke.CallAnswer.Deferred}).
     * Blocking: it resolves the webhook's host and writes to the store.
     *
     * @param linkBase the base URL of result links, when the call asked for its result as a link
     * @return the batch id
     * @throws dev.inferd.error.BadRequestException when the webhook may not be called
     * @throws OverloadedException when the queue of waiting jobs is full
     */
    public String accept(DeploymentVersion version, byte[] request, URI webhook, boolean ignoreWebhookTimeout,
                         Optional<String> linkBase) {
        try {
            webhookPolicy.check(webhook);
        } catch (WebhookPolicy.UnresolvableHostException e) {
            throw new BadRequestException(e.getMessage());
        }
        // Two store threads may both pass the check at the edge, so the queue can exceed its length by one or two.
        if (store.queuedJobCount() >= settings.queueLength()) {
            throw new OverloadedException(settings.queueLength() + " async jobs are already waiting to run; retry later", 5);
        }
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        store.addJob(AsyncJob.accepted(id, version.deployment().value(), version.number(), request, webhook,
                ignoreWebhookTimeout, linkBase, clock.instant()));
        onJobThread(this::tick);
        return id;
    }

    public Optional<AsyncJob> job(String id) {
        return store.job(id);
    }

    /**
     * Stores an answer for {@code response_format: "links"}, a synchronous call's or a job's, and
     * returns the body that answers with its link instead. Blocking: it writes to the store.
     */
    public byte[] answerAsLink(String linkBase, byte[] answer) {
        return codec.encodeLink(linkBase + links.create(answer));
    }

    public Optional<byte[]> linkedResult(String token) {
        return links.fetch(token);
    }

    /** Runs on the job thread only, so ticks never overlap. */
    private void tick() {
        try {
            if (!earlierRunsTakenBack) {
                takeBackEarlierRuns();
            }
            leases.renewWhenDue();
            startQueuedJobs();
            deliverDueResults();
            cleanUpNowAndThen();
            loop.succeeded();
        } catch (StoreUnavailableException e) {
            loop.failed(e);
        } catch (RuntimeException e) {
            log.error("async job loop failed; it retries on the next tick", e);
        }
    }

    private void startQueuedJobs() {
        int free = settings.concurrency() - leases.running();
        if (free <= 0) {
            return;
        }
        for (AsyncJob job : leases.claim(free)) {
            run(job).whenComplete((ignored, failure) -> {
                leases.ended(job.id());
                if (closed) {
                    // Stopping: the job is marked running in the store and runs again at the next start.
                    return;
                }
                if (failure != null) {
                    log.error("async job {} could not be finished; it runs again once its lease has ended", job.id(), failure);
                }
                onJobThread(this::tick);
            });
        }
    }

    /** Runs a job like the call it was, and stores the body the call would have been answered with. */
    private CompletableFuture<Void> run(AsyncJob job) {
        CompletableFuture<byte[]> answered;
        try {
            answered = pipeline.runAccepted(job.deployment(), job.version(), codec.decode(job.request()));
        } catch (RuntimeException e) {
            answered = CompletableFuture.failedFuture(e);
        }
        return answered.thenApply(body -> new Answer(200, body))
                .exceptionally(failure -> {
                    if (ErrorAnswer.unwrap(failure) instanceof StoreUnavailableException unavailable) {
                        // The database was away when the job needed it (to look up its version, say):
                        // that is not the job's answer, so none is stored; it runs again once its lease ends.
                        throw unavailable;
                    }
                    ErrorAnswer error = ErrorAnswer.of(failure, "async job " + job.id());
                    if (error.unexpected()) {
                        log.error("async job {} failed unexpectedly", job.id(), failure);
                    }
                    return new Answer(error.status(), codec.encodeError(error));
                })
                // Store writes happen on the job thread, never on a runtime's or the event loop's.
                .thenAcceptAsync(result -> finish(job, result), scheduler);
    }

    private record Answer(int status, byte[] body) {
    }

    private void finish(AsyncJob job, Answer answer) {
        byte[] body = answer.body();
        if (job.linkBase().isPresent()) {
            body = answerAsLink(job.linkBase().get(), body);
        }
        Instant now = clock.instant();
        store.finishJob(job.id(), answer.status() == 200 ? AsyncJob.Status.DONE : AsyncJob.Status.FAILED, body,
                answer.status(), now, now, now.plus(settings.webhookRetryWindow()));
    }

    private void deliverDueResults() {
        Instant now = clock.instant();
        // While the attempt runs, the job is not due; the attempt's outcome sets its next time. Should
        // this server die meanwhile, the lease ends soon after the attempt would have, and the delivery
        // is due again for any server.
        for (AsyncJob job : store.claimDeliveries(now, DELIVERIES_PER_TICK,
                claimed -> now.plus(sender.longestAttempt(claimed)).plus(DELIVERY_LEASE_MARGIN))) {
            byte[] body = job.result().orElseThrow();
            sender.deliver(job, body).onComplete(attempt -> onJobThread(() -> record(job,
                    attempt.succeeded() ? attempt.result() : WebhookSender.Attempt.failed(true, String.valueOf(attempt.cause())))));
        }
    }

    private void record(AsyncJob job, WebhookSender.Attempt attempt) {
        Instant now = clock.instant();
        if (attempt.accepted()) {
            store.deliveryAccepted(job.id(), now);
            return;
        }
        int attempts = job.deliveries() + 1;
        Optional<Instant> retryAt = Optional.empty();
        if (attempt.worthRetrying()) {
            Instant next = now.plus(backoff(attempts));
            if (job.deliverUntil().map(next::isBefore).orElse(false)) {
                retryAt = Optional.of(next);
            }
        }
        store.deliveryFailed(job.id(), attempt.error(), retryAt);
        if (retryAt.isEmpty()) {
            log.warn("async job {}: delivery to {} given up after {} attempt(s): {}; the result stays readable at "
                    + "/v1/batches/{}", job.id(), job.webhook().getHost(), attempts, attempt.error(), job.id());
        }
    }

    /** 1 s, 2 s, 4 s, ... up to 10 minutes, each spread by ±50% so receivers coming back are not stampeded. */
    private Duration backoff(int attempts) {
        long base = Math.min(LONGEST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(attempts - 1, 20));
        return Duration.ofMillis((long) (base * (0.5 + random.nextDouble())));
    }

    private void cleanUpNowAndThen() {
        Instant now = clock.instant();
        if (now.isBefore(nextCleanup)) {
            return;
        }
        nextCleanup = now.plus(Duration.ofMinutes(1));
        int jobs = store.deleteFinishedJobsBefore(now.minus(settings.resultRetention()));
        int expiredLinks = store.deleteExpiredResultLinks(now);
        if (jobs + expiredLinks > 0) {
            log.info("removed {} old async job(s) and {} expired result link(s)", jobs, expiredLinks);
        }
    }

    /**
     * Store work belongs on the job thread. Once the server is stopping it is gone, and the work is
     * dropped safely: the store still has the job queued, running or due for delivery, and the next
     * start picks it up from there.
     */
    private void onJobThread(Runnable work) {
        try {
            scheduler.execute(work);
        } catch (RejectedExecutionException stopping) {
            log.debug("server stopping; left for the next start", stopping);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (ticks != null) {
            ticks.cancel(false);
        }
    }
}
