package dev.inferd.api.http.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Paths under /v1/ and /api/: the real routes with real and hostile names, and the same mutated
 * with percent-encodings, dot segments, doubled slashes, long segments and unicode. The strings
 * may hold anything; {@link #uriSafe} turns one into what java.net.URI accepts.
 */
final class Paths {
    private Paths() {
    }

    private static final List<String> HOSTILE_NAMES = List.of("", ".", "..", "%2e%2e", "%2F", "a%00b", "%ff", "%", "%zz",
            "-x", "_", "a".repeat(128), "a".repeat(129), "a".repeat(5000), "名前", "e\u0301", "\ud83d\ude00", "nope",
            "NOPE", "latest", "1", ";", "a;b=c", "?", "#", " ", "\t", "a b", "%20", "\\", "*", "~", "@", "$");

    static Generator<String> any() {
        Generator<String> real = Generator.frequencyOf(Generator.weight(3, v1()), Generator.weight(2, api()));
        return Generator.frequencyOf(
                Generator.weight(6, real),
                Generator.weight(3, mutated(real)),
                Generator.weight(1, Generator.strings(Generator.anyChars(), 0, 40).map(text -> "/" + text)),
                Generator.weight(1, Generator.of("/v1", "/v1/", "/api", "/api/", "/v1//", "/api//deployments", "/V1/echo",
                        "/v1/echo/latest/extra", "/v1/../api/deployments", "/api/../v1/echo", "/v1/./echo",
                        "/v1/%2e%2e/api/deployments", "/v1/echo%2flatest", "/v1/echo/%6catest", "/api/deployments?x",
                        "/api/deployments/echo/logs?limit=0", "/api/deployments/echo/logs?limit=abc",
                        "/api/deployments/echo/logs?limit=99999999999", "/api/deployments/echo/logs?limit=1&limit=2",
                        "/v1/echo/latest?" + "q=".repeat(3000), "/v1/" + "x".repeat(70_000))));
    }

    static Generator<String> v1() {
        Generator<String> deployment = Generator.frequencyOf(
                Generator.weight(6, Generator.of(FuzzServer.ECHO, FuzzServer.PAIR)),
                Generator.weight(1, Generator.of(HOSTILE_NAMES)),
                Generator.weight(1, Generator.strings(Generator.chars('a', 'z'), 1, 10)));
        Generator<String> ref = Generator.frequencyOf(
                Generator.weight(4, Generator.of("", "/latest", "/1")),
                Generator.weight(2, Generator.of("/0", "/2", "/-1", "/01", "/1.0", "/1e0", "/99999999999999999999", "/official",
                        "/LATEST", "/", "/latest/", "/%20", "/" + "a".repeat(300), "/2147483648", "/+1")),
                Generator.weight(1, Generator.of(HOSTILE_NAMES).map(name -> "/" + name)));
        return random -> "/v1/" + deployment.next(random) + ref.next(random);
    }

    static Generator<String> api() {
        Generator<String> name = Generator.frequencyOf(
                Generator.weight(4, Generator.of(FuzzServer.SCRATCH, FuzzServer.ECHO, "fz-new", "fz_other.1")),
                Generator.weight(1, Generator.of(HOSTILE_NAMES)));
        Generator<String> alias = Generator.frequencyOf(
                Generator.weight(3, Generator.of("official", "staging", "v1")),
                Generator.weight(1, Generator.of("latest", "1", "007", "LATEST", "-")),
                Generator.weight(1, Generator.of(HOSTILE_NAMES)));
        Generator<String> query = Generator.of("", "?limit=1", "?limit=0", "?limit=x", "?limit=-5", "?limit=1e3");
        Generator<String> keyName = Generator.of("k1", "ci", "", "%00", "x".repeat(500), "名前");
        return Generator.oneOf(
                Generator.just("/api/deployments"),
                name.map(each -> "/api/deployments/" + each),
                name.map(each -> "/api/deployments/" + each + "/versions"),
                random -> "/api/deployments/" + name.next(random) + "/aliases/" + alias.next(random),
                random -> "/api/deployments/" + name.next(random) + "/logs" + query.next(random),
                Generator.just("/api/keys"),
                keyName.map(each -> "/api/keys/" + each),
                Generator.of("/api/", "/api/x", "/api/deployments/a/b/c/d", "/api/keys/a/b"));
    }

    private record Insertion(double where, String token) {
    }

    /** One to three path mutations. */
    static Generator<String> mutated(Generator<String> paths) {
        Generator<String> token = Generator.of("/", "//", "/..", "/../", "/./", "%", "%2", "%2F", "%2f", "%00", "%ff", "%c0%ae",
                "%25", "..", ";", ";jsessionid=1", "?", "?a=%", "#", "+", " ", "\\", "\u0000", "\r\n", "名", "\ud800",
                "\ud83d\ude00", "x".repeat(4096), "/" + "y".repeat(10_000));
        Generator<Double> places = Generator.fractions();
        Generator<Insertion> insertion = random -> new Insertion(places.next(random), token.next(random));
        Generator<List<Insertion>> insertions = insertion.list(1, 3);
        Generator<Boolean> encodeOne = Generator.of(false, false, true);
        return random -> {
            String result = paths.next(random);
            for (Insertion each : insertions.next(random)) {
                int at = 1 + (int) (each.where() * (result.length() - 1));
                result = result.substring(0, at) + each.token() + result.substring(at);
            }
            return encodeOne.next(random) ? percentEncodeLetters(result) : result;
        };
    }

    /** Percent-encodes every letter after the first slash, so routing sees the same path spelled otherwise. */
    private static String percentEncodeLetters(String path) {
        StringBuilder out = new StringBuilder("/");
        for (char c : path.substring(1).toCharArray()) {
            out.append(Character.isLetter(c) && c < 0x80 ? String.format("%%%02X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    /**
     * Encodes what java.net.URI refuses in a path and query (spaces, controls, quotes, non-ASCII
     * and a stray '%'), keeping valid escapes and the rest of the fuzz as it is.
     */
    static String uriSafe(String path) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            boolean validEscape = b == '%' && i + 2 < bytes.length
                    && Character.digit(bytes[i + 1], 16) >= 0 && Character.digit(bytes[i + 2], 16) >= 0;
            boolean plain = b > 0x20 && b < 0x7f && "\"<>\\^`{|}%#[]".indexOf(b) < 0;
            if (plain || validEscape) {
                out.append((char) b);
            } else {
                out.append(String.format("%%%02X", b));
            }
        }
        String safe = out.toString();
        return safe.startsWith("/") ? safe : "/" + safe;
    }
}
