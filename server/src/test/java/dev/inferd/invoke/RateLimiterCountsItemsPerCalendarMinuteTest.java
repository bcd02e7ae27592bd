package dev.inferd.invoke;

import dev.inferd.error.ErrorCode;
import dev.inferd.error.RateLimitedException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code rate_limit_per_minute} without a server: items per deployment per calendar minute, a batch
 * counted whole, and Retry-After the seconds to the next minute. Time is a test clock; nothing sleeps.
 */
class RateLimiterCountsItemsPerCalendarMinuteTest {
    private static final Instant MINUTE = Instant.parse("2024-05-01T12:00:00Z");

    private final SettableClock clock = new SettableClock(MINUTE.plusSeconds(15));
    private final RateLimiter limiter = new RateLimiter(clock, LiveReplicas.alone());

    @Test
    void itemsUpToTheCapAreServedAndTheNextIsRateLimited() {
        for (int i = 0; i < 5; i++) {
            limiter.take("d", 1, 5);
        }

        assertThatThrownBy(() -> limiter.take("d", 1, 5))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(refused.code().httpStatus()).isEqualTo(429);
                    assertThat(refused.getMessage()).contains("d");
                });
    }

    @Test
    void retryAfterIsTheSecondsToTheNextMinute() {
        limiter.take("d", 1, 1);

        assertThat(retryAfterAt(MINUTE.plusSeconds(15))).isEqualTo(45);
        assertThat(retryAfterAt(MINUTE.plusMillis(15_001))).isEqualTo(45);
        assertThat(retryAfterAt(MINUTE.plusMillis(59_000))).isEqualTo(1);
    }

    @Test
    void retryAfterIsNeverBelowOneSecond() {
        clock.set(MINUTE.plusMillis(59_999));
        limiter.take("d", 1, 1);

        assertThat(retryAfterAt(MINUTE.plusMillis(59_999))).isEqualTo(1);
    }

    @Test
    void retryAfterIsAtMostAMinuteAtTheVeryStartOfOne() {
        clock.set(MINUTE.plusSeconds(60));
        limiter.take("d", 1, 1);

        assertThat(retryAfterAt(MINUTE.plusSeconds(60))).isEqualTo(60);
    }

    @Test
    void theAllowanceStartsAfreshWithTheNextCalendarMinute() {
        clock.set(MINUTE.plusSeconds(59));
        limiter.take("d", 3, 3);
        assertThatThrownBy(() -> limiter.take("d", 1, 3)).isInstanceOf(RateLimitedException.class);

        clock.set(MINUTE.plusSeconds(60));

        limiter.take("d", 3, 3);
        assertThatThrownBy(() -> limiter.take("d", 1, 3)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void theWindowIsTheCalendarMinuteNotASlidingMinute() {
        clock.set(MINUTE.plusSeconds(1));
        limiter.take("d", 2, 2);

        clock.set(MINUTE.plusSeconds(59));
        assertThatThrownBy(() -> limiter.take("d", 1, 2)).isInstanceOf(RateLimitedException.class);
        clock.set(MINUTE.plusSeconds(61));
        limiter.take("d", 2, 2);
    }

    @Test
    void aBatchThatDoesNotFitWhatIsLeftIsRefusedWholeAndTakesNothing() {
        limiter.take("d", 3, 5);

        assertThatThrownBy(() -> limiter.take("d", 3, 5)).isInstanceOf(RateLimitedException.class);

        limiter.take("d", 2, 5);
        assertThatThrownBy(() -> limiter.take("d", 1, 5)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aBatchLargerThanTheCapIsAlwaysRefusedAndSaysToSplitIt() {
        assertThatThrownBy(() -> limiter.take("d", 6, 5))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        refused -> assertThat(refused.getMessage()).contains("6").contains("split"));

        clock.set(MINUTE.plusSeconds(60));
        assertThatThrownBy(() -> limiter.take("d", 6, 5)).isInstanceOf(RateLimitedException.class);
        limiter.take("d", 5, 5);
    }

    @Test
    void eachDeploymentHasItsOwnAllowance() {
        limiter.take("busy", 2, 2);
        assertThatThrownBy(() -> limiter.take("busy", 1, 2)).isInstanceOf(RateLimitedException.class);

        limiter.take("quiet", 2, 2);
    }

    @Test
    void aLowerCapFromANewVersionAppliesToWhatWasAlreadyServedThisMinute() {
        limiter.take("d", 4, 10);

        assertThatThrownBy(() -> limiter.take("d", 1, 4)).isInstanceOf(RateLimitedException.class);
        limiter.take("d", 6, 10);
    }

    /** Retry-After of a call at {@code now}, in a minute whose allowance of one item is used. */
    private int retryAfterAt(Instant now) {
        clock.set(now);
        try {
            limiter.take("d", 1, 1);
        } catch (RateLimitedException refused) {
            return refused.retryAfterSeconds();
        }
        throw new AssertionError("expected the call at " + now + " to be rate limited");
    }

    /** A clock that stands still until told otherwise. */
    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
