package dev.inferd.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ByteSizeConverterTest {
    private final ByteSizeConverter converter = new ByteSizeConverter();

    @ParameterizedTest
    @CsvSource({
            "1048576, 1048576",
            "0, 0",
            "1k, 1024",
            "1K, 1024",
            "64KiB, 65536",
            "64kb, 65536",
            "64MiB, 67108864",
            "64MB, 67108864",
            "64m, 67108864",
            "1GiB, 1073741824",
            "2g, 2147483648",
            "' 8 MiB ', 8388608",
            "512b, 512",
    })
    void sizesAreBytesOrBinaryUnits(String text, long bytes) {
        assertThat(converter.convert(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "junk", "MiB", "-1", "1.5MiB", "64 MiB extra", "64TiB", "0x10", "1e6", "9223372036854775807g"})
    void anythingElseIsRefused(String text) {
        assertThatThrownBy(() -> converter.convert(text)).isInstanceOf(TypeConversionException.class);
    }

    @Test
    void aNumberBeyondTheRangeOfLongIsAUsageErrorOfTheOption() {
        ServeCommand serve = new ServeCommand(config -> null, Optional.empty());

        assertThatThrownBy(() -> new CommandLine(serve).parseArgs("--max-body-size", "99999999999999999999"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--max-body-size")
                .hasMessageContaining("99999999999999999999");
    }
}
