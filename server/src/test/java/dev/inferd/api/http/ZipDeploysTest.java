package dev.inferd.api.http;

import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.ZipBytes;
import dev.inferd.config.LimitSettings;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** PROTOCOL §4: a deploy body may be a zipped bundle; unsafe or broken zips are 400 and deploy nothing. */
class ZipDeploysTest {
    private static final long MAX_BUNDLE_BYTES = 16 * 1024;
    private static final String MANIFEST = "runtime: java\nmain: Adder#add\n";
    private static final String SOURCE = "public class Adder { public static long add(long x) { return x + 1; } }";

    @RegisterExtension
    static final TestServer server = TestServer.perClass(settings -> settings
            .set(LimitSettings::maxBundleBytes, MAX_BUNDLE_BYTES));

    private static Map<String, byte[]> files(String... namesAndContents) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put(namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    private static Map<String, String> entries(String... namesAndContents) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            entries.put(namesAndContents[i], namesAndContents[i + 1]);
        }
        return entries;
    }

    private static HttpAnswer deployZip(String name, byte[] zip) {
        return server.post("/api/deployments/" + name + "/versions", "application/zip", zip);
    }

    private static void assertRefusedAndNothingDeployed(String name, HttpAnswer answer, String reason) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage()).contains(reason);
        assertThat(server.get("/api/deployments").json().get("deployments").findValuesAsText("name")).doesNotContain(name);
    }

    @Test
    void aZippedBundleDeploysAndAnswers() {
        HttpAnswer answer = deployZip("zipped", BundleZip.write(files("inferd.yaml", MANIFEST, "Adder.java", SOURCE)));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(answer.json().get("version").asInt()).isEqualTo(1);
        assertThat(server.call("zipped", "41").body()).isEqualTo("{\"data\":42}");
    }

    @Test
    void theSameZipTwiceIsUnchanged() {
        byte[] zip = BundleZip.write(files("inferd.yaml", MANIFEST, "Adder.java", SOURCE));
        deployZip("zipped_twice", zip);

        HttpAnswer again = deployZip("zipped_twice", zip);

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created").asBoolean()).isFalse();
        assertThat(again.json().get("version").asInt()).isEqualTo(1);
    }

    @Test
    void aZipWhoseSingleTopFolderHoldsTheManifestDeploys() {
        byte[] zip = ZipBytes.zip(entries("adder/inferd.yaml", MANIFEST, "adder/Adder.java", SOURCE));

        HttpAnswer answer = deployZip("zipped_folder", zip);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(server.call("zipped_folder", "1").body()).isEqualTo("{\"data\":2}");
    }

    @Test
    void aZipIsReadOnlyWhenItsContentTypeSaysSo() {
        byte[] zip = BundleZip.write(files("inferd.yaml", MANIFEST, "Adder.java", SOURCE));

        HttpAnswer answer = server.post("/api/deployments/zipped_octets/versions", "application/octet-stream", zip);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(415);
        assertThat(server.get("/api/deployments/zipped_octets").status()).isEqualTo(404);
    }

    @Test
    void aZipWithAnEntryClimbingOutOfTheBundleIsRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", MANIFEST, "Adder.java", SOURCE, "../evil.java", "class Evil {}"));

        assertRefusedAndNothingDeployed("zip_slip", deployZip("zip_slip", zip), "../evil.java");
    }

    @Test
    void aZipWithAnAbsoluteEntryIsRefused() {
        byte[] zip = ZipBytes.zip(entries("inferd.yaml", MANIFEST, "Adder.java", SOURCE, "/abs.java", "class Abs {}"));

        assertRefusedAndNothingDeployed("zip_absolute", deployZip("zip_absolute", zip), "/abs.java");
    }

    @Test
    void aZipWithASymbolicLinkIsRefused() {
        byte[] zip = ZipBytes.withUnixMode(
                ZipBytes.zip(entries("inferd.yaml", MANIFEST, "Adder.java", SOURCE, "secrets.java", "/etc/passwd")),
                "secrets.java", ZipBytes.UNIX_SYMLINK_MODE);

        assertRefusedAndNothingDeployed("zip_symlink", deployZip("zip_symlink", zip), "symbolic link");
    }

    @Test
    void aZipHoldingTheSameNameTwiceIsRefused() {
        byte[] zip = ZipBytes.renamed(
                ZipBytes.zip(entries("inferd.yaml", MANIFEST, "Adder.java", SOURCE, "Bdder.java", "class Bdder {}")),
                "Bdder.java", "Adder.java");

        assertRefusedAndNothingDeployed("zip_duplicate", deployZip("zip_duplicate", zip), "Adder.java");
    }

    @Test
    void aBodyThatIsNotAZipUnderTheZipContentTypeIsRefused() {
        HttpAnswer answer = deployZip("zip_not_zip", MANIFEST.getBytes(StandardCharsets.UTF_8));

        assertRefusedAndNothingDeployed("zip_not_zip", answer, "zip");
    }

    @Test
    void aZipThatUnpacksPastTheBundleLimitIsRefused() {
        byte[] zip = BundleZip.write(files("inferd.yaml", MANIFEST, "Adder.java", SOURCE,
                "padding.txt", " ".repeat((int) MAX_BUNDLE_BYTES)));

        assertThat(zip.length).isLessThan((int) MAX_BUNDLE_BYTES);
        assertRefusedAndNothingDeployed("zip_too_big", deployZip("zip_too_big", zip), Long.toString(MAX_BUNDLE_BYTES));
    }

    @Test
    void aZipWithoutAManifestIsRefused() {
        HttpAnswer answer = deployZip("zip_no_manifest", BundleZip.write(files("Adder.java", SOURCE)));

        assertRefusedAndNothingDeployed("zip_no_manifest", answer, "inferd.yaml");
    }

    @Test
    void aZipWithAnUnknownManifestKeyIsRefused() {
        HttpAnswer answer = deployZip("zip_bad_manifest",
                BundleZip.write(files("inferd.yaml", MANIFEST + "tets: []\n", "Adder.java", SOURCE)));

        assertRefusedAndNothingDeployed("zip_bad_manifest", answer, "tets");
    }

    @Test
    void aZipWhoseManifestTestFailsIsRefused() {
        HttpAnswer answer = deployZip("zip_failing_test", BundleZip.write(files(
                "inferd.yaml", MANIFEST + "tests:\n  - args: [1]\n    expect: 3\n", "Adder.java", SOURCE)));

        assertRefusedAndNothingDeployed("zip_failing_test", answer, "tests[0]");
    }

    @Test
    void anEmptyDeployBodyIsRefused() {
        assertRefusedAndNothingDeployed("zip_empty", deployZip("zip_empty", new byte[0]), "empty");
    }
}
