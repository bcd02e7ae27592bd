package dev.inferd.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The sites whose pages may call {@code /v1} from a browser ({@code --cors-origin}): none by default,
 * some origins, or every one ({@code *}).
 */
public record CorsOrigins(boolean everyOrigin, List<WebOrigin> origins) {
    public static final CorsOrigins NONE = new CorsOrigins(false, List.of());

    public CorsOrigins {
        origins = List.copyOf(origins);
    }

    /**
     * @param values origins as {@code scheme://host[:port]}, or {@code *}
     * @throws IllegalArgumentException naming the first value that is neither
     */
    public static CorsOrigins of(List<String> values) {
        boolean every = false;
        List<WebOrigin> origins = new ArrayList<>();
        for (String value : values) {
            if (value.strip().equals("*")) {
                every = true;
            } else {
                origins.add(WebOrigin.parse(value).orElseThrow(() -> new IllegalArgumentException(
                        "'" + value + "' is not an origin: write scheme://host[:port], such as https://app.example.com, or *")));
            }
        }
        return new CorsOrigins(every, origins);
    }

    public boolean any() {
        return everyOrigin || !origins.isEmpty();
    }

    public boolean allow(WebOrigin origin) {
        return everyOrigin || origins.contains(origin);
    }
}
