package dev.inferd.invoke;

import dev.inferd.error.RateLimitedException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replicas sharing a database split a deployment's {@code rate_limit_per_minute} among the live
 * ones, each counting its own share in memory: the shares add up to exactly the limit, differ by at
 * most one item, and the replicas that get the items that do not split evenly take turns by minute.
 */
class AReplicaServesItsShareOfTheRateLimitTest {
    private static final Instant MINUTE = Instant.parse("2024-05-01T12:00:00Z");
    private static final long MINUTE_NUMBER = MINUTE.toEpochMilli() / 60_000;

    @Test
    void theSharesOfAllReplicasAddUpToExactlyTheLimit() {
        for (int count = 1; count <= 7; count++) {
            for (int limit = 1; limit <= 40; limit++) {
                for (long minute = MINUTE_NUMBER; minute < MINUTE_NUMBER + count; minute++) {
                    assertThat(sharesOf(limit, count, minute).sum())
                            .as("limit %d among %d replicas in minute %d", limit, count, minute).isEqualTo(limit);
                }
            }
        }
    }

    @Test
    void sharesDifferByAtMostOneItem() {
        int[] shares = sharesOf(10, 4, MINUTE_NUMBER).toArray();

        assertThat(shares).containsExactlyInAnyOrder(3, 3, 2, 2);
    }

    @Test
    void aReplicaAloneServesTheWholeLimit() {
        assertThat(ReplicaPlace.ALONE.shareOf(600, MINUTE_NUMBER)).isEqualTo(600);
    }

    @Test
    void aLimitSmallerThanTheReplicasLeavesSomeNoneButEveryReplicaServesInSomeMinute() {
        int replicas = 3;
        int[] servedOverThreeMinutes = new int[replicas];
        for (long minute = MINUTE_NUMBER; minute < MINUTE_NUMBER + replicas; minute++) {
            int[] shares = sharesOf(2, replicas, minute).toArray();
            assertThat(shares).containsExactlyInAnyOrder(1, 1, 0);
            for (int index = 0; index < replicas; index++) {
                servedOverThreeMinutes[index] += shares[index];
            }
        }

        assertThat(servedOverThreeMinutes).containsExactly(2, 2, 2);
    }

    @Test
    void eachOfTwoReplicasServesHalfOfTheLimitAndRefusesTheRest() {
        RateLimiter first = limiterOf(new ReplicaPlace(0, 2));
        RateLimiter second = limiterOf(new ReplicaPlace(1, 2));
        first.take("d", 3, 6);
        second.take("d", 2, 6);
        second.take("d", 1, 6);

        assertThatThrownBy(() -> first.take("d", 1, 6))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> assertThat(refused.getMessage())
                        .isEqualTo("this replica has served its share of deployment d for this minute: 3 of the 6 items"
                                + " a minute, split among 2 replicas"));
        assertThatThrownBy(() -> second.take("d", 1, 6)).isInstanceOf(RateLimitedException.class);
    }

    @Test
    void aBatchLargerThanTheReplicasShareIsRefusedAndSaysToSplitIt() {
        RateLimiter limiter = limiterOf(new ReplicaPlace(0, 2));

        assertThatThrownBy(() -> limiter.take("d", 4, 6))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> assertThat(refused.getMessage())
                        .contains("a batch of 4 items").contains("3 of the 6 items a minute").endsWith("split it"));
        limiter.take("d", 3, 6);
    }

    @Test
    void aReplicaWhoseShareIsNoneThisMinuteSaysTheOthersServeIt() {
        RateLimiter limiter = limiterOf(new ReplicaPlace(2, 3));

        assertThatThrownBy(() -> limiter.take("d", 1, 2))
                .isInstanceOfSatisfying(RateLimitedException.class, refused -> {
                    assertThat(refused.getMessage()).contains("serves none of deployment d this minute");
                    assertThat(refused.retryAfterSeconds()).isEqualTo(60);
                });
    }

    @Test
    void aReplicaThatCountsAnotherAliveServesLessFromThen() {
        ReplicaPlace[] place = {ReplicaPlace.ALONE};
        RateLimiter limiter = new RateLimiter(Clock.fixed(MINUTE, ZoneOffset.UTC), () -> place[0]);
        limiter.take("d", 2, 6);

        place[0] = new ReplicaPlace(0, 2);

        limiter.take("d", 1, 6);
        assertThatThrownBy(() -> limiter.take("d", 1, 6)).isInstanceOf(RateLimitedException.class);
    }

    private static IntStream sharesOf(int limit, int count, long minute) {
        return IntStream.range(0, count).map(index -> new ReplicaPlace(index, count).shareOf(limit, minute));
    }

    private static RateLimiter limiterOf(ReplicaPlace place) {
        return new RateLimiter(Clock.fixed(MINUTE, ZoneOffset.UTC), () -> place);
    }
}
