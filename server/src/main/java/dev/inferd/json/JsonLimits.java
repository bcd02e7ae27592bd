package dev.inferd.json;

/**
 * Bounds on what a JSON document may hold, enforced while parsing so a hostile body cannot exhaust
 * the stack or the heap. Breaking one is a 400, not a 500.
 */
public record JsonLimits(int maxNestingDepth, int maxStringLength, int maxNumberLength) {
    public static final JsonLimits DEFAULTS = new JsonLimits(512, 32 * 1024 * 1024, 1000);

    public JsonLimits {
        if (maxNestingDepth < 8 || maxStringLength < 1024 || maxNumberLength < 32) {
            throw new IllegalArgumentException("JSON limits too small: " + maxNestingDepth + ", " + maxStringLength + ", " + maxNumberLength);
        }
    }
}
