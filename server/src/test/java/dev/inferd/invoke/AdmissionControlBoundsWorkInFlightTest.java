package dev.inferd.invoke;

import dev.inferd.error.ErrorCode;
import dev.inferd.error.OverloadedException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Backpressure without a server: items per version and body bytes across the server are bounded,
 * work beyond a budget is refused at once with {@code overloaded}, and permits give back exactly
 * what they took.
 */
class AdmissionControlBoundsWorkInFlightTest {
    private final Map<String, AtomicLong> published = new ConcurrentHashMap<>();
    private final AtomicInteger publications = new AtomicInteger();
    private final AdmissionControl admission = new AdmissionControl(10_000, (deployment, version, counter) -> {
        publications.incrementAndGet();
        published.put(deployment + "/" + version, counter);
    });

    @Test
    void itemsUpToTheLimitAreAdmittedAndTheNextAreRefusedAsOverloaded() {
        admission.admitItems("a", 1, 6, 10);
        admission.admitItems("a", 1, 4, 10);

        assertThatThrownBy(() -> admission.admitItems("a", 1, 1, 10))
                .isInstanceOfSatisfying(OverloadedException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.OVERLOADED);
                    assertThat(refused.code().httpStatus()).isEqualTo(429);
                    assertThat(refused.retryAfterSeconds()).isPositive();
                    assertThat(refused.getMessage()).contains("a/1");
                });
    }

    @Test
    void aRefusedRequestTakesNothingFromTheBudget() {
        admission.admitItems("a", 1, 8, 10);

        assertThatThrownBy(() -> admission.admitItems("a", 1, 3, 10)).isInstanceOf(OverloadedException.class);

        admission.admitItems("a", 1, 2, 10);
        assertThat(published.get("a/1").get()).isEqualTo(10);
    }

    @Test
    void closingAPermitGivesItsItemsBack() {
        AdmissionControl.Permit first = admission.admitItems("a", 1, 10, 10);
        assertThatThrownBy(() -> admission.admitItems("a", 1, 1, 10)).isInstanceOf(OverloadedException.class);

        first.close();

        assertThat(published.get("a/1").get()).isZero();
        admission.admitItems("a", 1, 10, 10);
    }

    @Test
    void closingAPermitTwiceGivesItsItemsBackOnce() {
        AdmissionControl.Permit held = admission.admitItems("a", 1, 4, 10);
        AdmissionControl.Permit closedTwice = admission.admitItems("a", 1, 3, 10);

        closedTwice.close();
        closedTwice.close();

        assertThat(published.get("a/1").get()).isEqualTo(4);
        admission.admitItems("a", 1, 6, 10);
        assertThatThrownBy(() -> admission.admitItems("a", 1, 1, 10)).isInstanceOf(OverloadedException.class);
        held.close();
    }

    @Test
    void eachVersionHasItsOwnItemBudget() {
        admission.admitItems("flooded", 1, 10, 10);
        assertThatThrownBy(() -> admission.admitItems("flooded", 1, 1, 10)).isInstanceOf(OverloadedException.class);

        admission.admitItems("flooded", 2, 10, 10);
        admission.admitItems("quiet", 1, 10, 10);
    }

    @Test
    void aBatchLargerThanTheWholeBudgetIsAdmittedWhenNothingElseIsInFlight() {
        AdmissionControl.Permit huge = admission.admitItems("a", 1, 25, 10);

        assertThatThrownBy(() -> admission.admitItems("a", 1, 1, 10)).isInstanceOf(OverloadedException.class);
        huge.close();
        admission.admitItems("a", 1, 1, 10);
    }

    @Test
    void eachVersionsCounterIsPublishedOnceAndFollowsTheItemsInFlight() {
        AdmissionControl.Permit first = admission.admitItems("a", 1, 3, 10);
        AdmissionControl.Permit second = admission.admitItems("a", 1, 2, 10);
        admission.admitItems("b", 7, 1, 10);

        assertThat(publications.get()).isEqualTo(2);
        assertThat(published.keySet()).containsExactlyInAnyOrder("a/1", "b/7");
        assertThat(published.get("a/1").get()).isEqualTo(5);
        first.close();
        assertThat(published.get("a/1").get()).isEqualTo(2);
        second.close();
        assertThat(published.get("a/1").get()).isZero();
    }

    @Test
    void bodyBytesAreBoundedAcrossTheServer() {
        AdmissionControl.Permit first = admission.admitBytes(6_000);
        admission.admitBytes(4_000);

        assertThatThrownBy(() -> admission.admitBytes(1))
                .isInstanceOfSatisfying(OverloadedException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.OVERLOADED);
                    assertThat(refused.retryAfterSeconds()).isPositive();
                });
        first.close();
        admission.admitBytes(6_000);
    }

    @Test
    void aBodyLargerThanTheByteBudgetIsAdmittedWhenNothingElseIsInFlight() {
        AdmissionControl.Permit large = admission.admitBytes(50_000);

        assertThatThrownBy(() -> admission.admitBytes(10)).isInstanceOf(OverloadedException.class);
        large.close();
        admission.admitBytes(10);
    }

    @Test
    void byteAndItemBudgetsAreIndependent() {
        admission.admitBytes(10_000);

        admission.admitItems("a", 1, 10, 10);
    }

    @Test
    void concurrentCallersNeverHoldMoreThanTheLimit() throws Exception {
        int limit = 7;
        AtomicLong holding = new AtomicLong();
        AtomicLong mostHeld = new AtomicLong();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < 8; t++) {
                workers.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 2_000; i++) {
                        try (AdmissionControl.Permit permit = admission.admitItems("c", 1, 2, limit)) {
                            mostHeld.accumulateAndGet(holding.addAndGet(2), Math::max);
                            holding.addAndGet(-2);
                        } catch (OverloadedException e) {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(mostHeld.get()).isLessThanOrEqualTo(limit);
        assertThat(published.get("c/1").get()).isZero();
    }
}
