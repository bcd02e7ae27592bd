package dev.inferd.cli;

import dev.inferd.config.Authority;
import dev.inferd.config.DatabaseUrl;
import dev.inferd.config.CorsOrigins;
import dev.inferd.config.OnnxSettings.ExecutionProvider;
import dev.inferd.config.ServerConfig;
import dev.inferd.runtime.java.JavaRuntime;
import dev.inferd.runtime.python.PythonRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * docs/configuration.md: every {@code inferd serve} option can be given as a flag or as the
 * {@code INFERD_*} variable in the same row of the table. Containers and service managers mostly use
 * the variables, so a row whose variable silently does nothing would go unnoticed until production.
 * Each value here differs from the default, so an option that is ignored shows up as a failure.
 */
class EveryServeOptionIsSetByItsFlagOrItsVariableTest {
    private static final long MIB = 1024L * 1024;

    /** One row of the table: an option, its documented variable, a value as typed, and what the configuration must then say. */
    record Setting(String flag, String variable, String value, Function<ServerConfig, Object> read, Object expected) {
        @Override
        public String toString() {
            return flag + " " + value + " / " + variable + "=" + value;
        }
    }

    /** An on/off option: the flag takes no value, the variable turns it on with {@code true}. */
    record Switch(String flag, String variable, Function<ServerConfig, Object> read, Object whenOn) {
        @Override
        public String toString() {
            return flag + " / " + variable + "=true";
        }
    }

    static Stream<Setting> settings() {
        return Stream.of(
                new Setting("--host", "INFERD_HOST", "0.0.0.0", config -> config.http().host(), "0.0.0.0"),
                new Setting("--port", "INFERD_PORT", "9090", config -> config.http().port(), 9090),
                new Setting("--data-dir", "INFERD_DATA_DIR", "/srv/inferd", ServerConfig::dataDirectory, Path.of("/srv/inferd")),
                new Setting("--database", "INFERD_DATABASE_URL", "postgresql://inferd:s%40cret@db.internal:6543/state?sslmode=require",
                        ServerConfig::database, Optional.of(new DatabaseUrl("jdbc:postgresql://db.internal:6543/state?sslmode=require",
                                Optional.of("inferd"), Optional.of("s@cret")))),
                new Setting("--java-class-cache", "INFERD_JAVA_CLASS_CACHE", "/srv/classes", config -> config.java().classCache(),
                        Optional.of(Path.of("/srv/classes"))),
                new Setting("--max-body-size", "INFERD_MAX_BODY_SIZE", "2MiB", config -> config.limits().maxBodyBytes(), 2 * MIB),
                new Setting("--max-bundle-size", "INFERD_MAX_BUNDLE_SIZE", "3m", config -> config.limits().maxBundleBytes(), 3 * MIB),
                new Setting("--max-json-depth", "INFERD_MAX_JSON_DEPTH", "64", config -> config.limits().jsonLimits().maxNestingDepth(), 64),
                new Setting("--max-json-string-length", "INFERD_MAX_JSON_STRING_LENGTH", "1MiB",
                        config -> config.limits().jsonLimits().maxStringLength(), (int) MIB),
                new Setting("--event-loops", "INFERD_EVENT_LOOPS", "3", config -> config.http().eventLoops(), 3),
                new Setting("--invocation-threads", "INFERD_INVOCATION_THREADS", "13", config -> config.invocation().threads(), 13),
                new Setting("--invocation-queue", "INFERD_INVOCATION_QUEUE", "100", config -> config.invocation().queueLength(), 100),
                new Setting("--min-chunk-size", "INFERD_MIN_CHUNK_SIZE", "16", config -> config.invocation().minChunkSize(), 16),
                new Setting("--python", "INFERD_PYTHON", "/some/python", config -> config.python().executable(), "/some/python"),
                new Setting("--python-workers", "INFERD_PYTHON_WORKERS", "3", config -> config.python().workers(), 3),
                new Setting("--onnx-execution-provider", "INFERD_ONNX_EXECUTION_PROVIDER", "cuda",
                        config -> config.onnx().executionProvider(), ExecutionProvider.CUDA),
                // Given once, the limit replaces both runtimes' defaults.
                new Setting("--max-inflight-items", "INFERD_MAX_INFLIGHT_ITEMS", "5000",
                        config -> List.of(config.limits().inflightItemsFor(JavaRuntime.DEFAULT_INFLIGHT_ITEMS),
                                config.limits().inflightItemsFor(PythonRuntime.DEFAULT_INFLIGHT_ITEMS)), List.of(5000L, 5000L)),
                new Setting("--max-inflight-bytes", "INFERD_MAX_INFLIGHT_BYTES", "5MiB", config -> config.limits().maxInflightBytes(), 5 * MIB),
                new Setting("--async-jobs", "INFERD_ASYNC_JOBS", "8", config -> config.async().concurrency(), 8),
                new Setting("--async-queue", "INFERD_ASYNC_QUEUE", "50", config -> config.async().queueLength(), 50),
                new Setting("--webhook-retry-minutes", "INFERD_WEBHOOK_RETRY_MINUTES", "5", config -> config.async().webhookRetryWindow(),
                        Duration.ofMinutes(5)),
                new Setting("--async-results-hours", "INFERD_ASYNC_RESULTS_HOURS", "2", config -> config.async().resultRetention(),
                        Duration.ofHours(2)),
                new Setting("--result-link-minutes", "INFERD_RESULT_LINK_MINUTES", "7", config -> config.async().resultLinkLifetime(),
                        Duration.ofMinutes(7)),
                new Setting("--shutdown-grace-seconds", "INFERD_SHUTDOWN_GRACE_SECONDS", "3", ServerConfig::shutdownGrace,
                        Duration.ofSeconds(3)),
                new Setting("--allowed-host", "INFERD_ALLOWED_HOSTS", "inferd.internal", config -> config.access().allowedHosts(),
                        List.of(new Authority("inferd.internal", Authority.NO_PORT))),
                new Setting("--cors-origin", "INFERD_CORS_ORIGINS", "https://app.example.com", config -> config.access().corsOrigins(),
                        CorsOrigins.of(List.of("https://app.example.com"))));
    }

    static Stream<Switch> switches() {
        return Stream.of(
                // --examples deploys from --examples-dir, whose default is the folder "examples".
                new Switch("--examples", "INFERD_EXAMPLES", ServerConfig::examplesDirectory, Optional.of(Path.of("examples"))),
                new Switch("--require-api-keys", "INFERD_REQUIRE_API_KEYS", config -> config.access().requireApiKeys(), true),
                new Switch("--allow-private-webhooks", "INFERD_ALLOW_PRIVATE_WEBHOOKS", config -> config.async().allowPrivateWebhooks(), true));
    }

    private static ServerConfig serveConfig(Map<String, String> environment, String... args) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(environment)).parseArgs(args);
        return serve.toConfig();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void theFlagSetsTheOption(Setting setting) {
        ServerConfig config = serveConfig(Map.of(), setting.flag(), setting.value());

        assertThat(setting.read().apply(config)).isEqualTo(setting.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void theDocumentedVariableSetsTheOption(Setting setting) {
        ServerConfig config = serveConfig(Map.of(setting.variable(), setting.value()));

        assertThat(setting.read().apply(config)).isEqualTo(setting.expected());
    }

    @Test
    void aJdbcDatabaseUrlIsPassedToTheDriverAsItIs() {
        ServerConfig config = serveConfig(Map.of(), "--database", "jdbc:postgresql://db:5432/state?user=inferd&password=x");

        assertThat(config.database()).hasValue(new DatabaseUrl("jdbc:postgresql://db:5432/state?user=inferd&password=x",
                Optional.empty(), Optional.empty()));
    }

    @Test
    void anEmptyDatabaseVariableMeansSqlite() {
        assertThat(serveConfig(Map.of("INFERD_DATABASE_URL", "")).database()).isEmpty();
    }

    @Test
    void aDatabaseUrlOfAnotherKindIsRefusedNamingTheOptionWithoutQuotingIt() {
        assertThatThrownBy(() -> serveConfig(Map.of(), "--database", "mysql://root:hunter2@db/state"))
                .hasMessageStartingWith("--database: the database URL must start with postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aDatabaseIsNamedInMessagesWithoutItsPassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgresql://inferd:hunter2@db.internal:6543/state?sslmode=require&password=x");

        assertThat(url.description()).isEqualTo("PostgreSQL db.internal:6543/state as inferd");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void theSwitchTakesNoValueAndTurnsItsSettingOn(Switch option) {
        ServerConfig config = serveConfig(Map.of(), option.flag());

        assertThat(option.read().apply(config)).isEqualTo(option.whenOn());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("switches")
    void theSwitchesVariableSetToTrueTurnsItsSettingOn(Switch option) {
        ServerConfig config = serveConfig(Map.of(option.variable(), "true"));

        assertThat(option.read().apply(config)).isEqualTo(option.whenOn());
    }

    @Test
    void theAllowedHostFlagMayBeRepeated() {
        ServerConfig config = serveConfig(Map.of(), "--allowed-host", "a.internal", "--allowed-host", "b.internal:9000");

        assertThat(config.access().allowedHosts()).containsExactly(
                new Authority("a.internal", Authority.NO_PORT), new Authority("b.internal", 9000));
    }

    @Test
    void theAllowedHostsVariableIsAListSeparatedByCommas() {
        ServerConfig config = serveConfig(Map.of("INFERD_ALLOWED_HOSTS", "a.internal,b.internal:9000"));

        assertThat(config.access().allowedHosts()).containsExactly(
                new Authority("a.internal", Authority.NO_PORT), new Authority("b.internal", 9000));
    }

    @Test
    void theCorsOriginsVariableIsAListSeparatedByCommasThatMayHoldTheWildcard() {
        ServerConfig config = serveConfig(Map.of("INFERD_CORS_ORIGINS", "http://localhost:3000,*"));

        assertThat(config.access().corsOrigins()).isEqualTo(CorsOrigins.of(List.of("http://localhost:3000", "*")));
        assertThat(config.access().corsOrigins().everyOrigin()).isTrue();
    }

    @Test
    void anExecutionProviderOtherThanCpuOrCudaIsAUsageErrorNamingBoth() {
        assertThatThrownBy(() -> serveConfig(Map.of(), "--onnx-execution-provider", "rocm"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--onnx-execution-provider")
                .hasMessageContaining("'rocm' is not an execution provider; use cpu or cuda");
    }

    @Test
    void theExamplesFlagIsFollowedByTheNextOptionNotByAValue() {
        ServerConfig config = serveConfig(Map.of(), "--examples", "--port", "9090");

        assertThat(config.examplesDirectory()).contains(Path.of("examples"));
        assertThat(config.http().port()).isEqualTo(9090);
    }

    @Test
    void theExamplesDirectoryIsWhereTheExamplesFlagLooks() {
        ServerConfig config = serveConfig(Map.of(), "--examples", "--examples-dir", "/srv/examples");

        assertThat(config.examplesDirectory()).contains(Path.of("/srv/examples"));
    }

    @Test
    void theExamplesDirectoryComesFromInferdExamplesDir() {
        ServerConfig config = serveConfig(Map.of("INFERD_EXAMPLES_DIR", "/srv/examples"), "--examples");

        assertThat(config.examplesDirectory()).contains(Path.of("/srv/examples"));
    }

    @Test
    void anExamplesDirectoryWithoutTheExamplesFlagDeploysNothing() {
        // The ./inferd script always exports INFERD_EXAMPLES_DIR; that alone must not deploy anything.
        ServerConfig config = serveConfig(Map.of("INFERD_EXAMPLES_DIR", "/srv/examples"));

        assertThat(config.examplesDirectory()).isEmpty();
    }
}
