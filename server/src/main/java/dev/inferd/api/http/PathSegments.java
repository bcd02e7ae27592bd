package dev.inferd.api.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of one URL path segment, as the router would do for a path parameter. Unlike
 * form decoding, {@code +} stays a plus. A broken escape is kept as written: it names nothing that
 * can exist, so the lookup that follows answers 404.
 */
final class PathSegments {

    private PathSegments() {
    }

    static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        StringBuilder text = new StringBuilder(segment.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            int value = c == '%' && i + 2 < segment.length() ? hexByte(segment.charAt(i + 1), segment.charAt(i + 2)) : -1;
            if (value >= 0) {
                // Consecutive escapes are one UTF-8 sequence and are decoded together.
                escaped.write(value);
                i += 2;
                continue;
            }
            flush(escaped, text);
            text.append(c);
        }
        flush(escaped, text);
        return text.toString();
    }

    /** Whether some {@code %} in the path is not followed by two hex digits. */
    static boolean hasBrokenEscape(String path) {
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
            if (i + 2 >= path.length() || hexByte(path.charAt(i + 1), path.charAt(i + 2)) < 0) {
                return true;
            }
        }
        return false;
    }

    private static int hexByte(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : (h << 4) | l;
    }

    private static void flush(ByteArrayOutputStream escaped, StringBuilder text) {
        if (escaped.size() > 0) {
            text.append(escaped.toString(StandardCharsets.UTF_8));
            escaped.reset();
        }
    }
}
