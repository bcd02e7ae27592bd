package dev.inferd.cli;

import dev.inferd.config.ServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentDefaultsTest {

    private static ServerConfig serveConfig(Map<String, String> environment, String... args) {
        ServeCommand serve = new ServeCommand(config -> {
            throw new AssertionError("not started in this test");
        }, Optional.empty());
        new CommandLine(serve).setDefaultValueProvider(new EnvironmentDefaults(environment)).parseArgs(args);
        return serve.toConfig();
    }

    @Test
    void everyLongOptionHasAnInferdVariable() {
        assertThat(EnvironmentDefaults.variableFor("--data-dir")).isEqualTo("INFERD_DATA_DIR");
        assertThat(EnvironmentDefaults.variableFor("--python-workers")).isEqualTo("INFERD_PYTHON_WORKERS");
        assertThat(EnvironmentDefaults.variableFor("--max-body-size")).isEqualTo("INFERD_MAX_BODY_SIZE");
    }

    @Test
    void dataDirComesFromInferdDataDir() {
        ServerConfig config = serveConfig(Map.of("INFERD_DATA_DIR", "/srv/inferd"));

        assertThat(config.dataDirectory()).isEqualTo(Path.of("/srv/inferd"));
    }

    @Test
    void aFlagWinsOverTheEnvironment() {
        ServerConfig config = serveConfig(Map.of("INFERD_DATA_DIR", "/srv/inferd"), "--data-dir", "/tmp/flag");

        assertThat(config.dataDirectory()).isEqualTo(Path.of("/tmp/flag"));
    }

    @Test
    void withoutAVariableTheDocumentedDefaultsApply() {
        ServerConfig config = serveConfig(Map.of());

        assertThat(config.dataDirectory()).isEqualTo(Path.of("inferd-data"));
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().host()).isEqualTo("127.0.0.1");
        assertThat(config.examplesDirectory()).isEmpty();
        assertThat(config.java().classCache()).isEmpty();
    }

    @Test
    void theCompiledClassCacheComesFromInferdJavaClassCache() {
        ServerConfig config = serveConfig(Map.of("INFERD_JAVA_CLASS_CACHE", "/srv/inferd-classes"));

        assertThat(config.java().classCache()).contains(Path.of("/srv/inferd-classes"));
    }

    @Test
    void typedOptionsAreConvertedFromTheEnvironmentToo() {
        ServerConfig config = serveConfig(Map.of("INFERD_PORT", "9999", "INFERD_MAX_BODY_SIZE", "2MiB",
                "INFERD_HOST", "0.0.0.0"));

        assertThat(config.http().port()).isEqualTo(9999);
        assertThat(config.limits().maxBodyBytes()).isEqualTo(2L * 1024 * 1024);
        assertThat(config.http().host()).isEqualTo("0.0.0.0");
    }

    @Test
    void helpAndVersionFlagsAreNeverSetFromTheEnvironment() {
        ServeCommand serve = new ServeCommand(config -> null, Optional.empty());
        CommandLine commandLine = new CommandLine(serve)
                .setDefaultValueProvider(new EnvironmentDefaults(Map.of("INFERD_HELP", "true", "INFERD_VERSION", "true")));

        CommandLine.ParseResult parsed = commandLine.parseArgs();

        assertThat(parsed.isUsageHelpRequested()).isFalse();
        assertThat(parsed.isVersionHelpRequested()).isFalse();
    }
}
