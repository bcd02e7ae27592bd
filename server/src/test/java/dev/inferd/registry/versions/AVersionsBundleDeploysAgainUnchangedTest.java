package dev.inferd.registry.versions;

import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/deployments/{name}/versions/{n}/bundle}: the bundle as a zip that deploys again to the same content. */
class AVersionsBundleDeploysAgainUnchangedTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployTwoVersions() {
        server.deployAdder("origin", 1);
        server.deployAdder("origin", 2);
    }

    private static String contentHash(String name, int number) {
        return server.get("/api/deployments/" + name + "/versions/" + number).json().get("contentHash").asText();
    }

    @Test
    void theBundleIsAZipAttachmentNamedAfterTheVersion() {
        HttpResponse<byte[]> download = server.getBytes("/api/deployments/origin/versions/1/bundle");

        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(download.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"origin-1.zip\"");
    }

    @Test
    void theZipHoldsTheManifestAtItsRootAndTheSources() throws IOException {
        byte[] zip = server.getBytes("/api/deployments/origin/versions/1/bundle").body();

        List<String> names = new ArrayList<>();
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactlyInAnyOrder("inferd.yaml", "Adder.java");
    }

    @Test
    void deployingTheDownloadedZipUnderAnotherNameGivesTheSameContentAndBehaviour() {
        byte[] zip = server.getBytes("/api/deployments/origin/versions/1/bundle").body();

        HttpAnswer deployed = server.post("/api/deployments/copy/versions", "application/zip", zip);

        assertThat(deployed.status()).isEqualTo(201);
        assertThat(contentHash("copy", 1)).isEqualTo(contentHash("origin", 1));
        assertThat(server.call("copy", "10").body()).isEqualTo("{\"data\":11}");
    }

    @Test
    void deployingTheLatestVersionsZipToItsOwnDeploymentChangesNothing() {
        byte[] zip = server.getBytes("/api/deployments/origin/versions/2/bundle").body();

        HttpAnswer deployed = server.post("/api/deployments/origin/versions", "application/zip", zip);

        assertThat(deployed.status()).isEqualTo(200);
        assertThat(deployed.json().get("version").asInt()).isEqualTo(2);
        assertThat(deployed.json().get("created").asBoolean()).isFalse();
    }

    @Test
    void theBundleOfAVersionTheDeploymentDoesNotHaveIs404() {
        assertThat(server.getBytes("/api/deployments/origin/versions/9/bundle").statusCode()).isEqualTo(404);
        assertThat(server.getBytes("/api/deployments/nobody/versions/1/bundle").statusCode()).isEqualTo(404);
    }
}
