package dev.inferd.config;

import dev.inferd.json.JsonLimits;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How much a request may carry and the server may hold at once.
 *
 * @param maxBodyBytes     request bodies above this are answered 413
 * @param maxBundleBytes   a deployed bundle may not unpack to more than this
 * @param jsonLimits       nesting, string and number bounds of a JSON body
 * @param bodyIdleTimeout  a large or chunked request body that sends nothing for this long is answered 408
 * @param maxInflightItems batch items one loaded version may have in flight; empty: the runtime's default
 * @param maxInflightBytes request body bytes the whole server may hold in flight
 */
public record LimitSettings(long maxBodyBytes, long maxBundleBytes, JsonLimits jsonLimits, Duration bodyIdleTimeout,
                            OptionalLong maxInflightItems, long maxInflightBytes) {
    private static final long MIB = 1024L * 1024;
    public static final LimitSettings DEFAULTS = new LimitSettings(64 * MIB, 512 * MIB, JsonLimits.DEFAULTS,
            Duration.ofSeconds(30), OptionalLong.empty(), 1024 * MIB);

    public LimitSettings {
        Ranges.requireBetween("max body bytes", maxBodyBytes, 1024, Integer.MAX_VALUE - 8);
        Ranges.requireBetween("max bundle bytes", maxBundleBytes, 1024, Long.MAX_VALUE);
        Objects.requireNonNull(jsonLimits, "jsonLimits");
        Ranges.requirePositive("body idle timeout", bodyIdleTimeout);
        Objects.requireNonNull(maxInflightItems, "maxInflightItems");
        if (maxInflightItems.isPresent()) {
            Ranges.requireBetween("max in-flight items", maxInflightItems.getAsLong(), 1, Long.MAX_VALUE);
        }
        Ranges.requireBetween("max in-flight bytes", maxInflightBytes, 1024, Long.MAX_VALUE);
    }

    /** The in-flight item limit of a version whose runtime's own limit is {@code runtimeDefault}. */
    public long inflightItemsFor(long runtimeDefault) {
        return maxInflightItems.orElse(runtimeDefault);
    }
}
