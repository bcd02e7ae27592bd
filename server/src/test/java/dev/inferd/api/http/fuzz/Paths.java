package dev.inferd.api.http.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

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

    static Arbitrary<String> any() {
        Arbitrary<String> real = Arbitraries.frequencyOf(Tuple.of(3, v1()), Tuple.of(2, api()));
        return Arbitraries.frequencyOf(
                Tuple.of(6, real),
                Tuple.of(3, mutated(real)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(40).map(random -> "/" + random)),
                Tuple.of(1, Arbitraries.of("/v1", "/v1/", "/api", "/api/", "/v1//", "/api//deployments", "/V1/echo",
                        "/v1/echo/latest/extra", "/v1/../api/deployments", "/api/../v1/echo", "/v1/./echo",
                        "/v1/%2e%2e/api/deployments", "/v1/echo%2flatest", "/v1/echo/%6catest", "/api/deployments?x",
                        "/api/deployments/echo/logs?limit=0", "/api/deployments/echo/logs?limit=abc",
                        "/api/deployments/echo/logs?limit=99999999999", "/api/deployments/echo/logs?limit=1&limit=2",
                        "/v1/echo/latest?" + "q=".repeat(3000), "/v1/" + "x".repeat(70_000))));
    }

    static Arbitrary<String> v1() {
        Arbitrary<String> deployment = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(FuzzServer.ECHO, FuzzServer.PAIR)),
                Tuple.of(1, Arbitraries.of(HOSTILE_NAMES)),
                Tuple.of(1, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10)));
        Arbitrary<String> ref = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("", "/latest", "/1")),
                Tuple.of(2, Arbitraries.of("/0", "/2", "/-1", "/01", "/1.0", "/1e0", "/99999999999999999999", "/official",
                        "/LATEST", "/", "/latest/", "/%20", "/" + "a".repeat(300), "/2147483648", "/+1")),
                Tuple.of(1, Arbitraries.of(HOSTILE_NAMES).map(name -> "/" + name)));
        return Combinators.combine(deployment, ref).as((name, version) -> "/v1/" + name + version);
    }

    static Arbitrary<String> api() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(FuzzServer.SCRATCH, FuzzServer.ECHO, "fz-new", "fz_other.1")),
                Tuple.of(1, Arbitraries.of(HOSTILE_NAMES)));
        Arbitrary<String> alias = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of("official", "staging", "v1")),
                Tuple.of(1, Arbitraries.of("latest", "1", "007", "LATEST", "-")),
                Tuple.of(1, Arbitraries.of(HOSTILE_NAMES)));
        Arbitrary<String> keyName = Arbitraries.of("k1", "ci", "", "%00", "x".repeat(500), "名前");
        return Arbitraries.oneOf(
                Arbitraries.just("/api/deployments"),
                name.map(each -> "/api/deployments/" + each),
                name.map(each -> "/api/deployments/" + each + "/versions"),
                Combinators.combine(name, alias).as((each, one) -> "/api/deployments/" + each + "/aliases/" + one),
                Combinators.combine(name, Arbitraries.of("", "?limit=1", "?limit=0", "?limit=x", "?limit=-5", "?limit=1e3"))
                        .as((each, query) -> "/api/deployments/" + each + "/logs" + query),
                Arbitraries.just("/api/keys"),
                keyName.map(each -> "/api/keys/" + each),
                Arbitraries.of("/api/", "/api/x", "/api/deployments/a/b/c/d", "/api/keys/a/b"));
    }

    /** One to three path mutations. */
    static Arbitrary<String> mutated(Arbitrary<String> paths) {
        Arbitrary<String> token = Arbitraries.of("/", "//", "/..", "/../", "/./", "%", "%2", "%2F", "%2f", "%00", "%ff", "%c0%ae",
                "%25", "..", ";", ";jsessionid=1", "?", "?a=%", "#", "+", " ", "\\", "\u0000", "\r\n", "名", "\ud800",
                "\ud83d\ude00", "x".repeat(4096), "/" + "y".repeat(10_000));
        Arbitrary<Tuple.Tuple2<Double, String>> insertion = Combinators.combine(Arbitraries.doubles().between(0, 1), token)
                .as(Tuple::of);
        return Combinators.combine(paths, insertion.list().ofMinSize(1).ofMaxSize(3), Arbitraries.of(false, false, true))
                .as((path, insertions, encodeOne) -> {
                    String result = path;
                    for (Tuple.Tuple2<Double, String> each : insertions) {
                        int at = 1 + (int) (each.get1() * (result.length() - 1));
                        result = result.substring(0, at) + each.get2() + result.substring(at);
                    }
                    return encodeOne ? percentEncodeLetters(result) : result;
                });
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
