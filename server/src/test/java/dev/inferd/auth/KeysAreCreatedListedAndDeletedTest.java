package dev.inferd.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.Eventually;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /api/keys shows a new key once, GET /api/keys lists names, scopes and created times but
 * never secrets or hashes, DELETE /api/keys/{name} removes a key. No admin key is made here, so
 * management stays open to loopback callers.
 */
class KeysAreCreatedListedAndDeletedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final KeyedRequests requests = new KeyedRequests(server);

    @Test
    void creatingAKeyAnswers201WithItsNameAndItsSecret() {
        HttpAnswer created = server.post("/api/keys", "{\"name\": \"created_once\", \"deployments\": [\"a\", \"b\"], \"admin\": false}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("name").asText()).isEqualTo("created_once");
        assertThat(created.json().get("key").asText()).startsWith("inferd_");
        assertThat(created.json().size()).as("only name and key: %s", created.body()).isEqualTo(2);
    }

    @Test
    void aKeyIsThePrefixFollowedBy256RandomBits() {
        String key = requests.createKey("random_bits", null, false, null);

        assertThat(key).startsWith(ApiKeys.PREFIX);
        byte[] secret = Base64.getUrlDecoder().decode(key.substring(ApiKeys.PREFIX.length()));
        assertThat(secret).hasSize(32);
    }

    @Test
    void everyKeyHasItsOwnSecret() {
        String first = requests.createKey("own_secret_1", null, false, null);
        String second = requests.createKey("own_secret_2", null, false, null);

        assertThat(first).isNotEqualTo(second);
        assertThat(first.substring(ApiKeys.PREFIX.length())).isNotEqualTo(second.substring(ApiKeys.PREFIX.length()));
    }

    @Test
    void listingShowsNamesScopesAndCreatedTimes() {
        Instant before = Instant.now().minusSeconds(1);
        requests.createKey("listed_scoped", "[\"b_dep\", \"a_dep\"]", false, null);
        requests.createKey("listed_everywhere", null, false, null);

        HttpAnswer list = server.get("/api/keys");

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode scoped = entry(list, "listed_scoped");
        assertThat(scoped.get("deployments")).hasSize(2);
        assertThat(scoped.get("deployments").get(0).asText()).isEqualTo("a_dep");
        assertThat(scoped.get("deployments").get(1).asText()).isEqualTo("b_dep");
        assertThat(scoped.get("admin").asBoolean()).isFalse();
        assertThat(Instant.parse(scoped.get("createdAt").asText())).isBetween(before, Instant.now().plusSeconds(1));
        JsonNode everywhere = entry(list, "listed_everywhere");
        assertThat(everywhere.get("deployments").isNull()).as(everywhere.toString()).isTrue();
    }

    @Test
    void listingNeverShowsSecretsOrHashes() throws Exception {
        String key = requests.createKey("never_listed_secret", null, false, null);

        HttpAnswer list = server.get("/api/keys");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(key)
                .doesNotContain(key.substring(ApiKeys.PREFIX.length()))
                .doesNotContain(sha256Hex(key))
                .doesNotContainIgnoringCase("hash");
        JsonNode entry = entry(list, "never_listed_secret");
        assertThat(iterable(entry)).containsExactlyInAnyOrder("name", "deployments", "admin", "createdAt");
    }

    @Test
    void deletingAKeyRemovesItFromTheList() {
        requests.createKey("deleted_from_list", null, false, null);

        HttpAnswer deleted = server.delete("/api/keys/deleted_from_list");

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(server.get("/api/keys").json().get("keys").findValuesAsText("name")).doesNotContain("deleted_from_list");
    }

    @Test
    void aDeletedKeyCannotCallAnyMore() {
        server.deployJavaClass("deleted_key_target", "Echo", "echo", KeyedRequests.echoClass());
        String key = requests.createKey("deleted_then_used", null, false, null);
        assertThat(requests.call("deleted_key_target", key).status()).isEqualTo(200);

        server.delete("/api/keys/deleted_then_used");

        HttpAnswer refused = requests.call("deleted_key_target", key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("unauthorized");
    }

    @Test
    void aKeyMadeAgainUnderADeletedNameDoesNotReviveTheOldSecret() {
        server.deployJavaClass("renamed_key_target", "Echo", "echo", KeyedRequests.echoClass());
        String old = requests.createKey("reused_name", null, false, null);
        server.delete("/api/keys/reused_name");

        String fresh = requests.createKey("reused_name", null, false, null);

        assertThat(requests.call("renamed_key_target", fresh).status()).isEqualTo(200);
        // Unknown keys make the server reread the store; a second try after that still refuses.
        HttpAnswer refused = Eventually.lastRead(Duration.ofMillis(1500),
                () -> requests.call("renamed_key_target", old), answer -> answer.status() != 401);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
    }

    @Test
    void deletingAnUnknownKeyIsNotFound() {
        HttpAnswer answer = server.delete("/api/keys/never_created");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void aSecondKeyWithTheSameNameIsRefused() {
        requests.createKey("taken_name", null, false, null);

        HttpAnswer again = server.post("/api/keys", "{\"name\": \"taken_name\"}");

        assertThat(again.status()).as(again.toString()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("bad_request");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"name\": \"bad name!\"}",
            "{\"name\": \"empty_scope\", \"deployments\": []}",
            "{\"name\": \"not_a_list\", \"deployments\": \"a\"}",
            "{\"name\": \"not_boolean\", \"admin\": \"yes\"}",
            "{\"name\": \"extra_field\", \"key\": \"inferd_chosen_by_the_caller\"}",
            "not json"})
    void malformedKeyRequestsAreBadRequests(String body) {
        HttpAnswer answer = server.post("/api/keys", body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
    }

    private static JsonNode entry(HttpAnswer list, String name) {
        return StreamSupport.stream(list.json().get("keys").spliterator(), false)
                .filter(key -> key.get("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no key " + name + " in " + list.body()));
    }

    private static Iterable<String> iterable(JsonNode node) {
        return node::fieldNames;
    }

    static String sha256Hex(String key) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    }
}
