package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that an answer is a PROTOCOL error: the status, and a JSON body of exactly {@code error} and {@code code}. */
final class ProtocolErrors {
    private ProtocolErrors() {
    }

    /** @return the error message, for further checks */
    static String assertError(HttpAnswer answer, int status, String code) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as("content type of %s", answer).startsWith("application/json");
        JsonNode body = answer.json();
        assertThat(body.isObject()).as("body of %s", answer).isTrue();
        assertThat(body.fieldNames()).toIterable().as("fields of %s", answer).containsExactlyInAnyOrder("error", "code");
        assertThat(body.get("code").asText()).as("code of %s", answer).isEqualTo(code);
        assertThat(body.get("error").isTextual()).as("error of %s", answer).isTrue();
        assertThat(body.get("error").asText()).as("error of %s", answer).isNotBlank();
        return body.get("error").asText();
    }
}
