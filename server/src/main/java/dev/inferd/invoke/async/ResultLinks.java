package dev.inferd.invoke.async;


import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Results answered as links ({@code response_format: "links"}): the body is stored and the client
 * gets {@code /v1/results/{token}}, valid for a limited time. A token is a random id, its expiry
 * and an HMAC of both under a secret kept in the data directory, so tokens cannot be guessed or
 * forged, and a forged or expired one is refused without touching the store. The secret is read by
 * the store package ({@code ResultLinkSecret}) and handed in; replicas share one, kept in their
 * database, so a link given by one replica is served by any other. It is read when first needed,
 * since that database may be away when the server starts.
 */
public final class ResultLinks {
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final JobStore store;
    private final Supplier<byte[]> secretSource;
    private volatile byte[] secret;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random;

    public ResultLinks(JobStore store, byte[] secret, Clock clock, Duration lifetime, SecureRandom random) {
        this(store, secret::clone, clock, lifetime, random);
    }

    /** @param secret gives the secret when first needed; it may throw until it can */
    public ResultLinks(JobStore store, Supplier<byte[]> secret, Clock clock, Duration lifetime, SecureRandom random) {
        this.store = store;
        this.secretSource = secret;
        this.clock = clock;
        this.lifetime = lifetime;
        this.random = random;
    }

    /** Stores a body and returns the token that fetches it until the link expires. */
    public String create(byte[] body) {
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Instant expires = clock.instant().plus(lifetime);
        store.addResultLink(id, body, expires);
        String signed = id + "." + expires.getEpochSecond();
        return signed + "." + BASE64.encodeToString(sign(signed));
    }

    public Optional<byte[]> fetch(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        String signed = parts[0] + "." + parts[1];
        // The signature is compared as text: decoding first would accept the several spellings that
        // base64 allows in the unused bits of its last character.
        byte[] expected = BASE64.encodeToString(sign(signed)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(parts[1]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (now.getEpochSecond() >= expires) {
            return Optional.empty();
        }
        return store.resultLink(parts[0], now);
    }

    /**
     * The secret, asked of its source once: under a lock, since a source that creates it (a file in
     * the data directory) asked twice at once could hand two threads different secrets.
     */
    private byte[] secret() {
        byte[] known = secret;
        if (known == null) {
            synchronized (secretSource) {
                known = secret;
                if (known == null) {
                    known = secretSource.get().clone();
                    secret = known;
                }
            }
        }
        return known;
    }

    private byte[] sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }
}
