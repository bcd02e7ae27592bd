package dev.inferd.api.http.fuzz;

/** Bytes shown readably in failure reports: printable ASCII as is, the rest escaped, long runs cut. */
final class Printable {
    private static final int SHOWN = 400;

    private Printable() {
    }

    static String of(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(bytes.length, SHOWN);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            if (b == '\\') {
                out.append("\\\\");
            } else if (b == '\r') {
                out.append("\\r");
            } else if (b == '\n') {
                out.append("\\n");
            } else if (b >= 0x20 && b < 0x7f) {
                out.append((char) b);
            } else {
                out.append(String.format("\\x%02x", b));
            }
        }
        if (bytes.length > SHOWN) {
            out.append("...(").append(bytes.length).append(" bytes)");
        }
        return out.toString();
    }

    static String of(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...(" + text.length() + " chars)";
    }
}
