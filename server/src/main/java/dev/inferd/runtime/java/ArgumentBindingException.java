package dev.inferd.runtime.java;

import com.fasterxml.jackson.core.JacksonException;

import java.util.regex.Pattern;

/** A JSON argument that cannot be bound to its parameter's type; becomes that call's BAD_ARGUMENTS failure. */
final class ArgumentBindingException extends RuntimeException {
    /** "(but could if coercion was enabled ...)", "(set DeserializationConfig... to allow)" and the like. */
    private static final Pattern JACKSON_HINT =
            Pattern.compile("\\s*\\((?:but (?:could|might) if|set (?:Deserialization|Mapper)|through reference chain)[^)]*\\)");

    ArgumentBindingException(int index, String parameterType, Exception cause) {
        super("argument " + (index + 1) + " cannot be read as " + simplify(parameterType) + ": " + reason(cause), cause);
    }

    /** For arguments that cannot be bound as a whole, such as too many of them. */
    ArgumentBindingException(String message) {
        super(message);
    }

    private static String reason(Exception cause) {
        String message = cause instanceof JacksonException jackson ? jackson.getOriginalMessage() : cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        // Jackson's messages go on with a source location and configuration hints meant for programmers.
        String firstLine = message.lines().findFirst().orElse(message).strip();
        return JACKSON_HINT.matcher(firstLine).replaceAll("");
    }

    /** "[simple type, class java.lang.Integer]" and the like become "java.lang.Integer". */
    private static String simplify(String jacksonTypeDescription) {
        return jacksonTypeDescription
                .replace("[simple type, class ", "")
                .replace("[collection type; class ", "")
                .replace("[map type; class ", "")
                .replace("[array type, component type: ", "array of ")
                .replace("]", "");
    }
}
