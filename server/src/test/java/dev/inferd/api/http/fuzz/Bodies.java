package dev.inferd.api.http.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Request bodies: valid ones for each endpoint, the same mutated byte by byte, random JSON with
 * hostile strings and numbers, and a fixed list of known-nasty documents.
 */
final class Bodies {
    private Bodies() {
    }

    /** Bodies the endpoints accept, the seeds of mutation. */
    static final List<String> VALID = List.of(
            "{\"data\": 1}",
            "{\"data\": [1, 2]}",
            "{\"data\": {\"value\": 10, \"name\": \"x\"}}",
            "{\"data\": [[1, \"a\"], [2, \"b\"], [\"x\", null]]}",
            "{\"data\": [[1, 2, 3], [\"b\", 4, 5]], \"batch\": true, \"timeout_seconds\": 5}",
            "{\"data\": [[1, 2]], \"batch\": false}",
            "{\"data\": \"text\", \"timeout_seconds\": 900}",
            "{\"version\": 1}",
            "{\"name\": \"k1\", \"deployments\": [\"echo\"], \"admin\": false}",
            "{\"runtime\": \"java\", \"main\": \"Scratch#same\", \"files\": {\"Scratch.java\": "
                    + "\"public class Scratch { public static Object same(Object x) { return x; } }\"}}",
            "{\"runtime\": \"java\", \"main\": \"Scratch#same\", \"tests\": [{\"args\": [1], \"expect\": 1}], "
                    + "\"files\": {\"Scratch.java\": \"public class Scratch { public static Object same(Object x) { return x; } }\"}}",
            "{\"runtime\": \"python\", \"main\": \"f\", \"files\": {\"../source.py\": \"def f(x):\\n    return x\\n\"}}");

    /** Byte sequences worth splicing in: JSON structure, escapes, hostile numbers, invalid UTF-8. */
    private static final List<byte[]> TOKENS = List.of(
            ascii("["), ascii("]"), ascii("{"), ascii("}"), ascii(","), ascii(":"), ascii("\""), ascii("\\"),
            ascii("\\u"), ascii("\\ud800"), ascii("\\udfff"), ascii("\\u0000"), ascii("NaN"), ascii("-Infinity"),
            ascii("1e999999"), ascii("-0"), ascii("18446744073709551616"), ascii("null"), ascii("true"),
            ascii("\"data\":"), ascii("\"batch\":"), ascii("\"timeout_seconds\":"), ascii("[[1,"), ascii("\"version\":"),
            bytes(0xff), bytes(0xfe, 0xff), bytes(0xc0, 0x80), bytes(0xed, 0xa0, 0x80), bytes(0xe2, 0x82),
            bytes(0xf4, 0x90, 0x80, 0x80), bytes(0xef, 0xbb, 0xbf), bytes(0x00), bytes(0x1b), bytes(0x7f),
            "\u202e\u0301\uffff".getBytes(StandardCharsets.UTF_8), "😀".getBytes(StandardCharsets.UTF_8),
            ascii("PK\u0003\u0004"));

    static Generator<byte[]> any() {
        Generator<byte[]> valid = Generator.of(VALID).map(Bodies::utf8);
        Generator<byte[]> nasty = Generator.of(nasty());
        return Generator.frequencyOf(
                Generator.weight(2, valid),
                Generator.weight(6, mutated(valid)),
                Generator.weight(3, randomCalls()),
                Generator.weight(2, nasty),
                Generator.weight(1, mutated(nasty)),
                Generator.weight(1, Generator.byteArrays(2000)),
                Generator.weight(1, zips()));
    }

    /** {"data": <random JSON>} plus random options, as text that may or may not parse. */
    static Generator<byte[]> randomCalls() {
        Generator<String> data = json(3);
        Generator<String> options = Generator.of(
                "", ", \"batch\": true", ", \"batch\": false", ", \"batch\": \"yes\"", ", \"timeout_seconds\": 1",
                ", \"timeout_seconds\": 0", ", \"timeout_seconds\": 1e400", ", \"timeout_seconds\": \"5\"",
                ", \"data\": 2", ", \"response_webhook\": \"http://127.0.0.1:1/\"", ", \"unknown\": {}");
        return random -> utf8("{\"data\": " + data.next(random) + options.next(random) + "}");
    }

    /** Random JSON text up to {@code depth} levels deep. */
    static Generator<String> json(int depth) {
        Generator<String> leaf = Generator.oneOf(
                Generator.of("null", "true", "false", "0", "-0", "1", "-1", "0.5", "1e308", "1e309", "-1e-400",
                        "18446744073709551616", "9223372036854775808", "1" + "0".repeat(999), "1" + "0".repeat(1000),
                        "0." + "0".repeat(998) + "1", "NaN", "Infinity", "-Infinity", "01", ".5", "+1", "1.", "0x10"),
                Generator.integers().map(String::valueOf),
                Generator.doubles().map(String::valueOf),
                Generator.bigIntegers(BigInteger.TEN.pow(30)).map(String::valueOf),
                jsonStrings());
        if (depth == 0) {
            return leaf;
        }
        Generator<String> inner = json(depth - 1);
        Generator<String> keys = jsonStrings();
        Generator<String> array = inner.list(0, 4).map(items -> "[" + String.join(", ", items) + "]");
        Generator<String> field = random -> keys.next(random) + ": " + inner.next(random);
        Generator<String> object = field.list(0, 4).map(fields -> "{" + String.join(", ", fields) + "}");
        return Generator.frequencyOf(Generator.weight(3, leaf), Generator.weight(1, array), Generator.weight(1, object));
    }

    /** JSON string literals built from hostile pieces: lone surrogates, escapes, controls, odd unicode. */
    static Generator<String> jsonStrings() {
        Generator<String> piece = Generator.oneOf(
                Generator.strings(Generator.letters(), 0, 8),
                Generator.strings(Generator.anyChars(), 0, 4).map(Bodies::escapedJson),
                Generator.of("\\ud800", "\\udc00", "\\ud83d\\ude00", "\\ud83d", "😀", "\\u0000", "\\\"", "\\/", "\\x",
                        "\\uZZZZ", "\u0001", "\t", "\u202e", "\ufeff", "\uffff", "e\u0301", "\u0000", "\\", "data", "名前"));
        return Generator.frequencyOf(
                        Generator.weight(10, piece.list(0, 6).map(pieces -> String.join("", pieces))),
                        Generator.weight(1, Generator.of(10_000, 100_000, 1_000_000).map("x"::repeat)))
                .map(text -> "\"" + text + "\"");
    }

    /** Hand-picked documents that have broken JSON servers before. */
    static List<byte[]> nasty() {
        List<byte[]> bodies = new ArrayList<>();
        for (int depth : new int[]{510, 511, 512, 513, 1000, 10_000, 100_000}) {
            bodies.add(utf8("{\"data\": " + "[".repeat(depth) + "1" + "]".repeat(depth) + "}"));
            bodies.add(utf8("{\"data\": " + "{\"a\": ".repeat(depth) + "1" + "}".repeat(depth) + "}"));
        }
        bodies.add(utf8("[".repeat(100_000)));
        bodies.add(utf8("{\"data\": " + "[".repeat(100_000)));
        for (String number : List.of("NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "1E+9999999999",
                "1" + "0".repeat(1000), "1" + "0".repeat(1001), "18446744073709551616", "-0", "0.1e-2147483649")) {
            bodies.add(utf8("{\"data\": " + number + "}"));
            bodies.add(utf8("{\"data\": [[" + number + ", 1]]}"));
        }
        bodies.add(utf8("{\"data\": 1, \"data\": 2}"));
        bodies.add(utf8("{\"data\": 1, \"batch\": true, \"batch\": false}"));
        bodies.add(utf8("{\"data\": [[1, 1], [1.0, 2], [1e0, 3]]}"));
        bodies.add(utf8("{\"data\": [[null, 1], [true, 2]], \"batch\": true}"));
        bodies.add(utf8("{\"data\": [[\"\\ud800\", 1], [\"\\udc00\", 2]], \"batch\": true}"));
        bodies.add(utf8("{\"data\": \"\\ud800\"}"));
        bodies.add(utf8("{\"data\": \"\\udc00\\ud800\"}"));
        bodies.add(utf8("{\"data\": {\"\\ud800\": 1}}"));
        bodies.add(concat(ascii("{\"data\": \""), bytes(0xed, 0xa0, 0x80), ascii("\"}")));
        bodies.add(concat(ascii("{\"data\": \""), bytes(0xc0, 0x80, 0xff, 0xfe), ascii("\"}")));
        bodies.add(concat(ascii("{\"data\": \""), bytes(0xe2, 0x82), ascii("\"}")));
        bodies.add(concat(ascii("{\"data\": \""), bytes(0xf8, 0x88, 0x80, 0x80, 0x80), ascii("\"}")));
        bodies.add(concat(bytes(0xef, 0xbb, 0xbf), ascii("{\"data\": 1}")));
        for (Charset charset : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16,
                Charset.forName("UTF-32LE"), Charset.forName("UTF-32BE"))) {
            bodies.add("{\"data\": \"\u00e9\ud83d\ude00\"}".getBytes(charset));
        }
        bodies.add(utf8("{\"data\": \"" + "y".repeat(3_000_000) + "\"}"));
        bodies.add(utf8("{\"data\": \"" + "y".repeat(5_000_000) + "\"}"));
        StringBuilder batch = new StringBuilder("{\"data\": [");
        for (int i = 0; i < 20_000; i++) {
            batch.append(i == 0 ? "" : ",").append("[").append(20_000 - i).append(", ").append(i).append("]");
        }
        bodies.add(utf8(batch.append("]}").toString()));
        for (String text : List.of("", " ", "\u0000", "null", "[]", "{}", "\"data\"", "{\"data\"}", "{\"data\": }",
                "{\"data\": 1} x", "{\"data\": 1}{\"data\": 2}", "{'data': 1}", "{data: 1}", "{\"data\": 1,}",
                "{\"data\": [1,]}", "{\"data\": 1 /* c */}", "{\"data\": 1}\u0000", "data=1", "{\"data\": 1e400}",
                "{\"timeout_seconds\": 5}", "{\"data\": 1, \"timeout_seconds\": 901}", "{\"data\": 1, \"timeout_seconds\": -1}",
                "{\"data\": 1, \"timeout_seconds\": 1.5}", "{\"data\": 1, \"response_format\": \"links\"}",
                "{\"version\": 0}", "{\"version\": 1e10}", "{\"version\": \"1\"}", "{\"version\": 99999999999999999999}",
                "{\"name\": \"\", \"admin\": true}", "{\"name\": \"" + "n".repeat(10_000) + "\"}",
                "{\"runtime\": \"java\", \"main\": \"#\", \"files\": {}}", "{\"runtime\": \"onnx\", \"main\": \"x\"}",
                "{\"runtime\": \"java\", \"main\": \"A#b\", \"files\": {\"/etc/A.java\": \"x\", \"a/../../A.java\": \"y\"}}",
                "{\"runtime\": \"java\", \"main\": \"A#b\", \"files\": {\"inferd.yaml\": \"runtime: [\"}}",
                "{\"runtime\": [\"java\"], \"main\": {}, \"files\": []}")) {
            bodies.add(utf8(text));
        }
        bodies.add(ascii("PK\u0003\u0004"));
        bodies.add(concat(ascii("PK\u0005\u0006"), new byte[18]));
        return bodies;
    }

    /** Zip archives, valid and not, for the deploy endpoint (whose sniffing also applies to call bodies). */
    static Generator<byte[]> zips() {
        Generator<String> names = Generator.of("inferd.yaml", "../inferd.yaml", "/abs/inferd.yaml", "a/./b.java",
                "Scratch.java", "dir/", "\u0000.java", "名前.java", "C:\\x.java", "x".repeat(300));
        Generator<String> contents = Generator.of("runtime: java\nmain: Scratch#same\n",
                "public class Scratch { public static Object same(Object x) { return x; } }", "", ": : :\n\t- [",
                "runtime: python\nmain: f\n");
        Generator<Map.Entry<String, String>> entry = random -> Map.entry(names.next(random), contents.next(random));
        Generator<byte[]> zip = entry.list(0, 4).map(entries -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                java.util.Set<String> seen = new java.util.HashSet<>();
                for (var each : entries) {
                    if (seen.add(each.getKey())) {
                        out.putNextEntry(new ZipEntry(each.getKey()));
                        out.write(utf8(each.getValue()));
                        out.closeEntry();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        });
        return Generator.oneOf(zip, mutated(zip));
    }

    /** One to four byte-level mutations of a seed: insert, delete, replace, splice a token, duplicate, truncate. */
    static Generator<byte[]> mutated(Generator<byte[]> seeds) {
        Generator<Integer> kinds = Generator.integers(0, 5);
        Generator<Double> places = Generator.fractions();
        Generator<Integer> lengths = Generator.integers(1, 64);
        Generator<Integer> tokens = Generator.integers(0, TOKENS.size() - 1);
        Generator<Byte> values = Generator.bytes();
        Generator<Mutation> mutation = random -> new Mutation(kinds.next(random), places.next(random), lengths.next(random),
                tokens.next(random), values.next(random));
        Generator<List<Mutation>> mutations = mutation.list(1, 4);
        return random -> {
            byte[] body = seeds.next(random);
            for (Mutation each : mutations.next(random)) {
                body = each.applyTo(body);
            }
            return body;
        };
    }

    private record Mutation(int kind, double where, int length, int token, byte value) {
        byte[] applyTo(byte[] body) {
            int at = (int) (where * body.length);
            int end = Math.min(body.length, at + length);
            return switch (kind) {
                case 0 -> concat(slice(body, 0, at), new byte[]{value}, slice(body, at, body.length));
                case 1 -> concat(slice(body, 0, at), slice(body, end, body.length));
                case 2 -> at < body.length ? replaced(body, at, value) : body;
                case 3 -> concat(slice(body, 0, at), TOKENS.get(token), slice(body, at, body.length));
                case 4 -> concat(slice(body, 0, end), slice(body, at, end), slice(body, end, body.length));
                default -> slice(body, 0, at);
            };
        }

        private static byte[] replaced(byte[] body, int at, byte value) {
            byte[] copy = body.clone();
            copy[at] = value;
            return copy;
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, Math.max(from, to));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** A Java string as the inside of a JSON string literal, every character escaped correctly. */
    private static String escapedJson(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
