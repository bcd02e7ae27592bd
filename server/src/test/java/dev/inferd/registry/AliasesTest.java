package dev.inferd.registry;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4: PUT creates or moves an alias, /v1/name/alias calls its version, DELETE removes it. */
class AliasesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTwoVersions() {
        // One shared two-version deployment for the tests that only read or reject.
        server.deployAdder("aliased", 100);
        server.deployAdder("aliased", 200);
    }


    private static HttpAnswer putAlias(String deployment, String alias, String body) {
        return server.put("/api/deployments/" + deployment + "/aliases/" + alias, body);
    }

    @Test
    void puttingAnAliasCreatesItAndCallsGoToItsVersion() {
        server.deployAdder("alias_create", 1);
        server.deployAdder("alias_create", 2);

        HttpAnswer answer = putAlias("alias_create", "official", "{\"version\": 1}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("name").asText()).isEqualTo("alias_create");
        assertThat(answer.json().get("alias").asText()).isEqualTo("official");
        assertThat(answer.json().get("version").asInt()).isEqualTo(1);
        assertThat(server.call("alias_create/official", "10").body()).isEqualTo("{\"data\":11}");
        assertThat(server.get("/api/deployments/alias_create").json().get("aliases").get("official").asInt()).isEqualTo(1);
    }

    @Test
    void puttingAnAliasAgainMovesIt() {
        server.deployAdder("alias_move", 1);
        server.deployAdder("alias_move", 2);
        putAlias("alias_move", "official", "{\"version\": 1}");

        HttpAnswer moved = putAlias("alias_move", "official", "{\"version\": 2}");

        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.json().get("version").asInt()).isEqualTo(2);
        assertThat(server.call("alias_move/official", "10").body()).isEqualTo("{\"data\":12}");
        assertThat(server.get("/api/deployments/alias_move").json().get("aliases").get("official").asInt()).isEqualTo(2);
    }

    @Test
    void anAliasStaysOnItsVersionWhenANewerVersionIsDeployed() {
        server.deployAdder("alias_stays", 1);
        putAlias("alias_stays", "pinned", "{\"version\": 1}");

        server.deployAdder("alias_stays", 2);

        assertThat(server.call("alias_stays/pinned", "10").body()).isEqualTo("{\"data\":11}");
        assertThat(server.call("alias_stays/latest", "10").body()).isEqualTo("{\"data\":12}");
    }

    @Test
    void deletingAnAliasRemovesItAndItsCallsBecome404() {
        server.deployAdder("alias_delete", 1);
        putAlias("alias_delete", "doomed", "{\"version\": 1}");

        HttpAnswer deleted = server.delete("/api/deployments/alias_delete/aliases/doomed");

        assertThat(deleted.status()).isEqualTo(200);
        HttpAnswer call = server.call("alias_delete/doomed", "10");
        assertThat(call.status()).isEqualTo(404);
        assertThat(call.errorCode()).isEqualTo("not_found");
        assertThat(server.get("/api/deployments/alias_delete").json().get("aliases").size()).isZero();
        assertThat(server.call("alias_delete/1", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void deletingAnAliasThatDoesNotExistIs404() {
        HttpAnswer answer = server.send("DELETE", "/api/deployments/aliased/aliases/never_made", null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void anAliasOfAnUnknownDeploymentIs404() {
        HttpAnswer answer = putAlias("no_such_deployment", "official", "{\"version\": 1}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
    }

    @Test
    void anAliasToAMissingVersionIs404AndCreatesNothing() {
        HttpAnswer answer = putAlias("aliased", "future", "{\"version\": 3}");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.errorCode()).isEqualTo("not_found");
        assertThat(server.get("/api/deployments/aliased").json().get("aliases").has("future")).isFalse();
        assertThat(server.call("aliased/future", "1").status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "0", "123456789012", "latest", "-starts-with-dash", ".dotfirst", "has%20space", "semi;colon",
            "way_too_long_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void aliasNamesThatAreNumbersLatestOrOutsideThePatternAre400(String alias) {
        HttpAnswer answer = putAlias("aliased", alias, "{\"version\": 1}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(server.get("/api/deployments/aliased").json().get("aliases").size()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[1]", "{}", "{\"version\": \"1\"}", "{\"version\": 1.5}", "{\"version\": 0}",
            "{\"version\": -1}", "{\"version\": null}", "{\"version\": 99999999999}", "{\"v\": 1}", "null", "1"})
    void aliasBodiesOtherThanAVersionNumberAre400(String body) {
        HttpAnswer answer = putAlias("aliased", "official", body);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(server.get("/api/deployments/aliased").json().get("aliases").size()).isZero();
    }

    @Test
    void aDottedDashedAliasIsAllowed() {
        server.deployAdder("alias_pattern", 1);

        HttpAnswer answer = putAlias("alias_pattern", "v1.2-rc_3", "{\"version\": 1}");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(server.call("alias_pattern/v1.2-rc_3", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void getOnAnAliasIs405() {
        HttpAnswer answer = server.send("GET", "/api/deployments/aliased/aliases/official", null);

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.header("Allow")).isEqualTo("PUT, DELETE");
    }
}
