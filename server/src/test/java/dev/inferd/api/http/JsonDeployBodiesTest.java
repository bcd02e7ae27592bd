package dev.inferd.api.http;

import dev.inferd.bundle.Bundle;
import dev.inferd.bundle.BundleUpload;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.bundle.UnpackedBundles;
import dev.inferd.error.BadRequestException;
import dev.inferd.json.JsonLimits;
import dev.inferd.json.JsonMappers;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * PROTOCOL §4: the JSON deploy form, with the manifest's fields at the top level and files inline. It is
 * stored as a bundle whose inferd.yaml holds those fields, so the same content hashes alike in both forms.
 */
class JsonDeployBodiesTest {
    private static final String SOURCE = "public class Adder { public static long add(long x) { return x + 1; } }";
    private static final String BODY = "{\"runtime\": \"java\", \"main\": \"Adder#add\", \"description\": \"adds one\","
            + " \"files\": {\"Adder.java\": \"" + SOURCE + "\", \"notes/readme.txt\": \"hello\"}}";
    private static final String REORDERED_BODY = "{\"files\": {\"notes/readme.txt\": \"hello\", \"Adder.java\": \"" + SOURCE + "\"},"
            + " \"description\": \"adds one\", \"main\": \"Adder#add\", \"runtime\": \"java\"}";

    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    private final DeployBodyDecoder decoder = new DeployBodyDecoder(JsonMappers.forRequests(JsonLimits.DEFAULTS));
    @TempDir
    Path work;

    private UnpackedBundles bundles() {
        return new UnpackedBundles(work.resolve("bundles"), 1 << 20, new ManifestParser());
    }

    private Map<String, byte[]> filesOf(String body) {
        return ((BundleUpload.InMemory) decoder.decode(body.getBytes(StandardCharsets.UTF_8))).files();
    }

    private Bundle decodeJson(String body) {
        return bundles().unpack(decoder.decode(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String contentHashOf(String name, int version) {
        return server.get("/api/deployments/" + name).json().get("versions").get(version - 1).get("contentHash").asText();
    }

    @Test
    void identicalJsonBodiesHashAlike() {
        assertThat(decodeJson(BODY).contentHash()).isEqualTo(decodeJson(BODY).contentHash());
    }

    @Test
    void theOrderOfKeysInAJsonBodyDoesNotChangeTheHash() {
        assertThat(decodeJson(REORDERED_BODY).contentHash()).isEqualTo(decodeJson(BODY).contentHash());
    }

    @Test
    void aJsonBodyBecomesItsFilesPlusAnInferdYamlOfItsFields() {
        Bundle bundle = decodeJson(BODY);

        assertThat(bundle.files()).containsOnlyKeys("inferd.yaml", "Adder.java", "notes/readme.txt");
        assertThat(bundle.manifest().runtime()).isEqualTo("java");
        assertThat(bundle.manifest().main()).isEqualTo("Adder#add");
        assertThat(bundle.manifest().description()).contains("adds one");
    }

    @Test
    void theZipOfTheFilesAJsonBodyBecameHashesLikeTheJsonBody() throws IOException {
        Bundle fromJson = decodeJson(BODY);
        Path zip = Files.write(work.resolve("bundle.zip"), BundleZip.write(filesOf(BODY)));

        Bundle fromZip = bundles().unpack(new BundleUpload.Zipped(zip));

        assertThat(fromZip.contentHash()).isEqualTo(fromJson.contentHash());
    }

    @Test
    void aManifestGivenAsAFileInsteadOfFieldsIsAccepted() {
        Bundle bundle = decodeJson("{\"files\": {\"inferd.yaml\": \"runtime: java\\nmain: Adder#add\\n\", \"Adder.java\": \"x\"}}");

        assertThat(bundle.manifest().main()).isEqualTo("Adder#add");
    }

    @Test
    void aManifestGivenBothAsFieldsAndAsAFileIsRefused() {
        assertThatThrownBy(() -> decodeJson("{\"runtime\": \"java\", \"main\": \"Adder#add\","
                + " \"files\": {\"inferd.yaml\": \"runtime: java\\nmain: Adder#add\\n\"}}"))
                .hasMessageContaining("not both");
    }

    @Test
    void bodiesThatAreNotAJsonObjectAreRefused() {
        assertThatThrownBy(() -> decodeJson("not json")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> decodeJson("[1, 2]")).isInstanceOf(BadRequestException.class);
        assertThatThrownBy(() -> decodeJson("{\"runtime\": \"java\", \"main\": \"Adder#add\", \"files\": [\"x\"]}"))
                .hasMessageContaining("files");
        assertThatThrownBy(() -> decodeJson("{\"runtime\": \"java\", \"main\": \"Adder#add\", \"files\": {\"Adder.java\": 1}}"))
                .hasMessageContaining("Adder.java");
    }

    @Test
    void theSameJsonBodyDeployedTwiceOverHttpIsUnchanged() {
        HttpAnswer first = server.post("/api/deployments/json_twice/versions", BODY);

        HttpAnswer second = server.post("/api/deployments/json_twice/versions", REORDERED_BODY);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.json().get("created").asBoolean()).isFalse();
        assertThat(contentHashOf("json_twice", 1)).isEqualTo(decodeJson(BODY).contentHash());
    }

    @Test
    void theZipOfAJsonBodysFilesDeployedAfterItIsUnchanged() {
        server.post("/api/deployments/json_then_zip/versions", BODY);

        HttpAnswer zipped = server.post("/api/deployments/json_then_zip/versions", "application/zip",
                BundleZip.write(filesOf(BODY)));

        assertThat(zipped.status()).as(zipped.toString()).isEqualTo(200);
        assertThat(zipped.json().get("created").asBoolean()).isFalse();
        assertThat(zipped.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aJsonBodyWithAnUnknownManifestFieldIsRefusedOverHttp() {
        HttpAnswer answer = server.post("/api/deployments/json_unknown_field/versions",
                "{\"runtime\": \"java\", \"main\": \"Adder#add\", \"tets\": [], \"files\": {\"Adder.java\": \"" + SOURCE + "\"}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorMessage()).contains("tets");
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name"))
                .doesNotContain("json_unknown_field");
    }

    @Test
    void aJsonBodyThatIsNotJsonIsRefusedOverHttp() {
        HttpAnswer answer = server.post("/api/deployments/json_broken/versions", "{\"runtime\": ");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
    }

    @Test
    void theRuntimeIsRequired() {
        assertThatThrownBy(() -> decodeJson("{\"main\": \"Adder#add\", \"files\": {}}")).hasMessageContaining("runtime");
    }
}
