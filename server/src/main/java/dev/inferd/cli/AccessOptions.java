package dev.inferd.cli;

import dev.inferd.config.AccessSettings;
import dev.inferd.config.Authority;
import dev.inferd.config.CorsOrigins;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.List;

import static java.util.Objects.requireNonNullElse;

/** The {@code serve} options of {@link AccessSettings}. */
final class AccessOptions {
    @Option(names = "--require-api-keys",
            description = "Every inference call needs a valid API key (created with `inferd keys create`).")
    Boolean requireApiKeys;

    @Option(names = "--allowed-host", paramLabel = "NAME", split = ",", converter = AllowedHost.class,
            description = "A name besides localhost, 127.0.0.1 and [::1] by which this machine may address /api while no admin"
                    + " key exists (repeatable; NAME or NAME:PORT). Refusing other names keeps web pages that rebind a name of"
                    + " theirs to this machine (DNS rebinding) out of the management API.")
    List<Authority> allowedHosts;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", split = ",", converter = CorsOrigin.class,
            description = "A site whose web pages may call /v1 from a browser, as scheme://host[:port], or * for every site"
                    + " (repeatable). Off by default: no CORS headers. /api never answers other sites' pages.")
    List<String> corsOrigins;

    AccessSettings settings() {
        AccessSettings defaults = AccessSettings.DEFAULTS;
        return new AccessSettings(
                requireNonNullElse(requireApiKeys, defaults.requireApiKeys()),
                requireNonNullElse(allowedHosts, defaults.allowedHosts()),
                corsOrigins == null ? defaults.corsOrigins() : CorsOrigins.of(corsOrigins));
    }

    /** Reads an {@code --allowed-host} name, refusing as a usage error what is not a host name. */
    static final class AllowedHost implements ITypeConverter<Authority> {
        @Override
        public Authority convert(String value) {
            return Authority.parse(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a host name: write NAME or NAME:PORT, such as inferd.internal or inferd.internal:8080"));
        }
    }

    /** Checks a {@code --cors-origin} value, refusing as a usage error what is neither an origin nor {@code *}. */
    static final class CorsOrigin implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                CorsOrigins.of(List.of(value));
                return value;
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
