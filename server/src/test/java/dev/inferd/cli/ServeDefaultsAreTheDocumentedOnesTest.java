package dev.inferd.cli;

import dev.inferd.config.OnnxSettings.ExecutionProvider;
import dev.inferd.config.ServerConfig;
import dev.inferd.runtime.java.JavaRuntime;
import dev.inferd.runtime.python.PythonRuntime;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md, the {@code inferd serve} table and the fixed settings: what a server started
 * with no flags and no {@code INFERD_*} variables runs with. Operators size machines and write
 * service files from that table, so a default that drifts from it is a bug even when nothing breaks.
 */
class ServeDefaultsAreTheDocumentedOnesTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;
    private static final long GIB = 1024 * MIB;
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private static final ServerConfig DEFAULTS = parsedWithNothingSet();

    /** Parsed exactly as the serve command parses, but with an empty environment whatever the build machine exports. */
    private static ServerConfig parsedWithNothingSet() {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(Map.of())).parseArgs();
        return serve.toConfig();
    }

    @Test
    void requestBodiesMayBeUpTo64MiB() {
        assertThat(DEFAULTS.limits().maxBodyBytes()).isEqualTo(64 * MIB);
    }

    @Test
    void bundlesMayUnpackToUpTo512MiB() {
        assertThat(DEFAULTS.limits().maxBundleBytes()).isEqualTo(512 * MIB);
    }

    @Test
    void jsonBodiesMayNest512Deep() {
        assertThat(DEFAULTS.limits().jsonLimits().maxNestingDepth()).isEqualTo(512);
    }

    @Test
    void jsonStringsMayHold32MiCharacters() {
        assertThat(DEFAULTS.limits().jsonLimits().maxStringLength()).isEqualTo(32 * MIB);
    }

    @Test
    void jsonNumbersMayHaveUpTo1000Characters() {
        assertThat(DEFAULTS.limits().jsonLimits().maxNumberLength()).isEqualTo(1000);
    }

    @Test
    void eventLoopsAreOnePerCore() {
        assertThat(DEFAULTS.http().eventLoops()).isEqualTo(CORES);
    }

    @Test
    void invocationThreadsAreTwiceTheCoresAndAtLeastFour() {
        assertThat(DEFAULTS.invocation().threads()).isEqualTo(Math.max(4, 2 * CORES));
    }

    @Test
    void theInvocationQueueHolds4096Tasks() {
        assertThat(DEFAULTS.invocation().queueLength()).isEqualTo(4096);
    }

    @Test
    void parallelChunksHoldAtLeast256Items() {
        assertThat(DEFAULTS.invocation().minChunkSize()).isEqualTo(256);
    }

    @Test
    void pythonBundlesRunOnPython3() {
        assertThat(DEFAULTS.python().executable()).isEqualTo("python3");
    }

    @Test
    void eachPythonVersionGetsOneWorkerPerCore() {
        assertThat(DEFAULTS.python().workers()).isEqualTo(CORES);
    }

    @Test
    void onnxModelsRunOnTheCpu() {
        assertThat(DEFAULTS.onnx().executionProvider()).isEqualTo(ExecutionProvider.CPU);
    }

    @Test
    void aJavaVersionMayHoldAMillionItemsInFlight() {
        assertThat(DEFAULTS.limits().inflightItemsFor(JavaRuntime.DEFAULT_INFLIGHT_ITEMS)).isEqualTo(1_000_000);
    }

    @Test
    void aPythonVersionMayHold200000ItemsInFlight() {
        assertThat(DEFAULTS.limits().inflightItemsFor(PythonRuntime.DEFAULT_INFLIGHT_ITEMS)).isEqualTo(200_000);
    }

    @Test
    void theServerMayHold1GiBOfRequestBodiesInFlight() {
        assertThat(DEFAULTS.limits().maxInflightBytes()).isEqualTo(GIB);
    }

    @Test
    void fourAsyncJobsRunAtOnce() {
        assertThat(DEFAULTS.async().concurrency()).isEqualTo(4);
    }

    @Test
    void aHundredThousandAsyncJobsMayWait() {
        assertThat(DEFAULTS.async().queueLength()).isEqualTo(100_000);
    }

    @Test
    void failedWebhookDeliveriesAreRetriedFor60Minutes() {
        assertThat(DEFAULTS.async().webhookRetryWindow()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void asyncResultsStayReadableFor24Hours() {
        assertThat(DEFAULTS.async().resultRetention()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void resultLinksCanBeFetchedFor60Minutes() {
        assertThat(DEFAULTS.async().resultLinkLifetime()).isEqualTo(Duration.ofMinutes(60));
    }

    @Test
    void webhooksMayNotReachPrivateAddresses() {
        assertThat(DEFAULTS.async().allowPrivateWebhooks()).isFalse();
    }

    @Test
    void shutdownWaits30Seconds() {
        assertThat(DEFAULTS.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    }

    // The fixed settings below have no flag; the configuration still carries them, so they are read there.

    @Test
    void aCallWithoutTimeoutSecondsMayRun300Seconds() {
        assertThat(DEFAULTS.timeouts().defaultTimeout()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void noCallMayAskForMoreThan900Seconds() {
        assertThat(DEFAULTS.timeouts().maxTimeout()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void eachDeployTimeTestMayRun60Seconds() {
        assertThat(DEFAULTS.timeouts().deployTestTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aPythonWorkerMayTake120SecondsToImportItsBundle() {
        assertThat(DEFAULTS.python().startTimeout()).isEqualTo(Duration.ofSeconds(120));
    }
}
