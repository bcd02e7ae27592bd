package dev.inferd.metrics;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log formats times and durations by hand, for speed; they must read exactly as
 * {@link Instant#toString()} writes a time and as a plain decimal writes the milliseconds.
 */
class RequestLogTimesAndDurationsReadAsTheJdkWritesThemTest {

    @Test
    void everyPrecisionOfATimeIsWrittenAsInstantToStringWritesIt() {
        RequestLogLines lines = new RequestLogLines();
        List<Instant> times = List.of(
                Instant.parse("2026-11-27T10:15:30Z"),
                Instant.parse("2026-11-27T10:15:30.100Z"),
                Instant.parse("2026-11-27T10:15:30.000001Z"),
                Instant.parse("2026-11-27T10:15:30.120300Z"),
                Instant.parse("2026-11-27T10:15:30.000000001Z"),
                Instant.parse("2026-11-27T10:15:30.999999999Z"),
                Instant.parse("2026-11-27T10:15:31.5Z"),
                Instant.EPOCH,
                Instant.ofEpochSecond(-1, 250_000_000),
                Instant.parse("2026-12-31T23:59:59.999Z"),
                Instant.parse("2027-01-01T00:00:00.001Z"));

        for (Instant time : times) {
            StringBuilder text = new StringBuilder();
            lines.appendTime(time, text);
            assertThat(text).hasToString(time.toString());
        }
    }

    @Test
    void timesGoingBackAndForthBetweenSecondsKeepTheirOwnSecond() {
        RequestLogLines lines = new RequestLogLines();
        Random random = new Random(11);
        Instant base = Instant.parse("2026-11-27T10:15:30Z");
        for (int i = 0; i < 10_000; i++) {
            Instant time = base.plusSeconds(random.nextInt(3)).plusNanos(random.nextInt(1_000_000_000));
            StringBuilder text = new StringBuilder();
            lines.appendTime(time, text);
            assertThat(text).hasToString(time.toString());
        }
    }

    @Test
    void aDurationIsItsMillisecondsWithUpToThreeDecimalsAndAtLeastOne() {
        assertThat(millis(0)).isEqualTo("0.0");
        assertThat(millis(1)).isEqualTo("0.001");
        assertThat(millis(50)).isEqualTo("0.05");
        assertThat(millis(2_000)).isEqualTo("2.0");
        assertThat(millis(1_234)).isEqualTo("1.234");
        assertThat(millis(120_500)).isEqualTo("120.5");
        assertThat(millis(900_000_000)).isEqualTo("900000.0");
    }

    @Test
    void aNegativeDurationStillReadsAsANumber() {
        assertThat(millis(-1)).isEqualTo("-0.001");
        assertThat(millis(-1_500)).isEqualTo("-1.5");
        assertThat(new BigDecimal(millis(Long.MIN_VALUE)).signum()).isEqualTo(-1);
    }

    @Test
    void anyDurationReadsBackAsTheSameNumberOfMicroseconds() {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            long micros = random.nextInt(i < 5_000 ? 10_000 : Integer.MAX_VALUE);
            assertThat(new BigDecimal(millis(micros)).movePointRight(3).longValueExact()).isEqualTo(micros);
        }
    }

    private static String millis(long micros) {
        StringBuilder text = new StringBuilder();
        RequestLogLines.appendMillis(micros, text);
        return text.toString();
    }
}
