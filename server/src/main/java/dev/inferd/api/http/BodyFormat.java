package dev.inferd.api.http;

import dev.inferd.error.UnsupportedMediaTypeException;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a management body is, read from its {@code Content-Type} before the body itself (PROTOCOL §7):
 * JSON for {@code application/json}, for curl's {@code application/x-www-form-urlencoded} (what
 * {@code curl -d} sends) or for no type at all; a zip for {@code application/zip}. Every other type,
 * {@code text/plain} and {@code multipart/form-data} among them, is what a web page can send to
 * another site without asking first, and is refused with 415.
 */
enum BodyFormat {
    JSON("application/json"),
    ZIP("application/zip");

    private final String mediaType;

    BodyFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /**
     * @param what     the body, as the message names it ("a deploy body")
     * @throws UnsupportedMediaTypeException when the type is none of {@code accepted}
     */
    static BodyFormat of(String contentType, Set<BodyFormat> accepted, String what) {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        BodyFormat format = switch (type) {
            case "", "application/json", "application/x-www-form-urlencoded" -> JSON;
            case "application/zip" -> ZIP;
            default -> null;
        };
        if (format == null || !accepted.contains(format)) {
            throw new UnsupportedMediaTypeException(what + " must be " + accepted.stream().sorted()
                    .map(BodyFormat::mediaType).collect(Collectors.joining(" or "))
                    + " (curl -d's form type counts as JSON); got Content-Type: " + (contentType == null ? "none" : contentType.strip()));
        }
        return format;
    }
}
