package dev.inferd.invoke.async;

import dev.inferd.store.SqliteDatabase;
import dev.inferd.store.SqlJobStore;
import dev.inferd.store.ResultLinkSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Result links: a token fetches its body until the link expires and not a moment later, and a
 * token that was not issued by this server under its secret (forged, altered, re-dated) fetches
 * nothing. Time is a settable clock; the store is a real SQLite file.
 */
class ResultLinksTest {
    private static final Duration LIFETIME = Duration.ofMinutes(60);
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final byte[] BODY = "{\"data\": [1, 2, 3]}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDirectory;
    private SqliteDatabase database;
    private SqlJobStore store;
    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T10:00:00.250Z"));
    private final SecureRandom random = new SecureRandom();
    private byte[] secret;
    private ResultLinks links;

    @BeforeEach
    void openStore() {
        database = SqliteDatabase.inDataDirectory(dataDirectory);
        store = new SqlJobStore(database);
        secret = ResultLinkSecret.in(dataDirectory, random);
        links = new ResultLinks(store, secret, clock, LIFETIME, random);
    }

    @AfterEach
    void closeStore() throws Exception {
        database.close();
    }

    @Test
    void aTokenFetchesItsBodyUntilTheLinkExpires() {
        String token = links.create(BODY);

        assertThat(links.fetch(token)).hasValue(BODY);
        clock.advance(LIFETIME.minusSeconds(1));
        assertThat(links.fetch(token)).hasValue(BODY);
        clock.advance(Duration.ofSeconds(1));
        assertThat(links.fetch(token)).isEmpty();
        clock.advance(Duration.ofDays(365));
        assertThat(links.fetch(token)).isEmpty();
    }

    @Test
    void theTokenCarriesARandomIdItsExpiryAndASignature() {
        String token = links.create(BODY);

        String[] parts = token.split("\\.");
        assertThat(parts).hasSize(3);
        assertThat(parts[0]).matches("[0-9a-f]{32}");
        assertThat(Long.parseLong(parts[1])).isEqualTo(clock.instant().plus(LIFETIME).getEpochSecond());
        assertThat(parts[2]).matches("[A-Za-z0-9_-]{43}");
        assertThat(token).as("the token is safe in a URL path").matches("[A-Za-z0-9._-]+");
    }

    @Test
    void tokensAreNeverTheSameEvenForTheSameBodyAtTheSameInstant() {
        Set<String> tokens = new HashSet<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            String token = links.create(BODY);
            tokens.add(token);
            ids.add(token.substring(0, token.indexOf('.')));
        }

        assertThat(tokens).hasSize(50);
        assertThat(ids).hasSize(50);
    }

    @Test
    void aTokenWithAnyOneCharacterOfItsIdOrExpiryChangedFetchesNothing() {
        String token = links.create(BODY);
        int signatureStart = token.lastIndexOf('.') + 1;

        List<String> accepted = new ArrayList<>();
        for (int position = 0; position < signatureStart - 1; position++) {
            if (token.charAt(position) == '.') {
                continue;
            }
            for (char replacement : "0123456789abcdefABCDEF".toCharArray()) {
                if (replacement == token.charAt(position)) {
                    continue;
                }
                String changed = replace(token, position, replacement);
                if (links.fetch(changed).isPresent()) {
                    accepted.add(changed);
                }
            }
        }

        assertThat(accepted).isEmpty();
    }

    @Test
    void aTokenWithOneCharacterOfItsSignatureChangedFetchesNothing() {
        String token = links.create(BODY);
        int signatureStart = token.lastIndexOf('.') + 1;

        List<String> accepted = new ArrayList<>();
        // Every position but the last, whose low bits base64 leaves unused (see the next test).
        for (int position = signatureStart; position < token.length() - 1; position++) {
            char replacement = token.charAt(position) == 'A' ? 'B' : 'A';
            String changed = replace(token, position, replacement);
            if (links.fetch(changed).isPresent()) {
                accepted.add(changed);
            }
        }

        assertThat(accepted).isEmpty();
    }

    @Test
    void changingTheLastCharacterOfTheSignatureFetchesNothingEither() {
        String token = links.create(BODY);
        int last = token.length() - 1;

        List<String> accepted = new ArrayList<>();
        for (char replacement : BASE64URL.toCharArray()) {
            if (replacement != token.charAt(last) && links.fetch(replace(token, last, replacement)).isPresent()) {
                accepted.add(replace(token, last, replacement));
            }
        }

        assertThat(accepted).as("tokens differing from %s in the last character", token).isEmpty();
    }

    @Test
    void aTokenWhoseExpiryWasPushedBackFetchesNothing() {
        String token = links.create(BODY);
        String[] parts = token.split("\\.");
        String later = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];

        clock.advance(LIFETIME.plusMinutes(1));

        assertThat(links.fetch(later)).isEmpty();
    }

    @Test
    void aTokenSignedUnderAnotherSecretFetchesNothing() {
        byte[] otherSecret = new byte[32];
        random.nextBytes(otherSecret);
        ResultLinks otherServer = new ResultLinks(store, otherSecret, clock, LIFETIME, random);

        String forged = otherServer.create(BODY);

        assertThat(otherServer.fetch(forged)).hasValue(BODY);
        assertThat(links.fetch(forged)).isEmpty();
    }

    @Test
    void malformedTokensFetchNothing() {
        String token = links.create(BODY);
        String[] parts = token.split("\\.");

        for (String malformed : List.of("", ".", "..", "...", token + ".", "." + token, parts[0], parts[0] + "." + parts[1],
                parts[0] + "." + parts[1] + ".", parts[0] + "." + parts[1] + ".!!!not-base64!!!",
                parts[0] + ".soon." + parts[2], token.toUpperCase(), token + "A")) {
            assertThat(links.fetch(malformed)).as("token '%s'", malformed).isEmpty();
        }
    }

    @Test
    void aLinkStillFetchesAfterARestartOnTheSameDataDirectory() throws Exception {
        String token = links.create(BODY);
        database.close();

        database = SqliteDatabase.inDataDirectory(dataDirectory);
        store = new SqlJobStore(database);
        ResultLinks afterRestart = new ResultLinks(store, ResultLinkSecret.in(dataDirectory, random), clock, LIFETIME, random);

        assertThat(afterRestart.fetch(token)).hasValue(BODY);
    }

    @Test
    void theSecretIsCreatedOnceAndReadableOnlyByItsOwner() throws IOException {
        Path file = dataDirectory.resolve("result-link-secret");

        assertThat(secret).hasSize(32);
        assertThat(ResultLinkSecret.in(dataDirectory, random)).isEqualTo(secret);
        assertThat(Files.readAllBytes(file)).isEqualTo(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aSecretFileLeftEmptyIsReplacedByAWholeNewSecret() throws IOException {
        Path file = dataDirectory.resolve("result-link-secret");
        Files.write(file, new byte[0]);

        byte[] replaced = ResultLinkSecret.in(dataDirectory, random);

        assertThat(replaced).hasSize(32).isNotEqualTo(secret);
        assertThat(Files.readAllBytes(file)).isEqualTo(replaced);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(ResultLinkSecret.in(dataDirectory, random)).isEqualTo(replaced);
    }

    @Test
    void expiredLinksAreRemovedFromTheStore() {
        String expiring = links.create(BODY);
        clock.advance(Duration.ofMinutes(30));
        String younger = links.create(BODY);
        clock.advance(Duration.ofMinutes(31));

        assertThat(store.deleteExpiredResultLinks(clock.instant())).isEqualTo(1);

        assertThat(links.fetch(expiring)).isEmpty();
        assertThat(links.fetch(younger)).hasValue(BODY);
    }

    private static String replace(String token, int position, char replacement) {
        return token.substring(0, position) + replacement + token.substring(position + 1);
    }
}
