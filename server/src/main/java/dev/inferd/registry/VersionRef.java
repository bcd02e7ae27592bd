package dev.inferd.registry;

/** The {@code ref} part of {@code /v1/{deployment}/{ref}}: latest, a version number, or an alias. */
public sealed interface VersionRef {
    String LATEST_NAME = "latest";

    record Latest() implements VersionRef {
        @Override
        public String toString() {
            return LATEST_NAME;
        }
    }

    record Exact(int number) implements VersionRef {
        @Override
        public String toString() {
            return Integer.toString(number);
        }
    }

    record Alias(AliasName name) implements VersionRef {
        @Override
        public String toString() {
            return name.value();
        }
    }

    /**
     * Reads a ref from a URL segment. Text that is neither {@code latest}, a version number nor a
     * well-formed alias can never resolve; it is kept as {@link Unresolvable} so the answer is 404.
     */
    static VersionRef parse(String text) {
        if (text.equals(LATEST_NAME)) {
            return new Latest();
        }
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return new Exact(Integer.parseInt(text));
        }
        if (AliasName.isValid(text)) {
            return new Alias(new AliasName(text));
        }
        return new Unresolvable(text);
    }

    /** A ref that is neither latest, a number, nor a well-formed alias; resolves to not-found. */
    record Unresolvable(String text) implements VersionRef {
        @Override
        public String toString() {
            return text;
        }
    }
}
