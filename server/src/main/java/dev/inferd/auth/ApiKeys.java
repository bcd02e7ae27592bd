package dev.inferd.auth;

import dev.inferd.error.BadRequestException;
import dev.inferd.error.ApiKeyNotFoundException;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.registry.DeploymentName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Creates, lists, deletes and checks API keys. A key is {@code inferd_} followed by 256 random bits
 * in base64url; only its SHA-256 is stored. Checking a presented key hashes it and looks the hash up,
 * so no comparison ever touches the secret; the final match uses a constant-time comparison.
 *
 * <p>Keys live in the key store and are cached here, as an immutable map replaced whole, so a
 * lookup never sees half an update and never waits on the store (lookups run on the event loop).
 * The server calls {@link #refresh()} every second from a background thread, which is how keys
 * that {@code inferd keys create} or {@code inferd keys delete} changed from another process take
 * effect. Creations and deletions made here count as changes; a refresh that read the store while
 * one happened is read again rather than applied, so it can never bring back a key just deleted or
 * drop one just made.
 */
public final class ApiKeys {
    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    public static final String PREFIX = "inferd_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    /** How often the server calls {@link #refresh()}. */
    public static final Duration REFRESH_EVERY = Duration.ofSeconds(1);

    private final KeyStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Object changes = new Object();
    /** Creations and deletions so far; guarded by {@link #changes}. */
    private long changeCount;
    /** Null until the store has first been read: it may be away when the server starts. */
    private volatile Map<String, ApiKey> byHash;

    /** The name and the secret of a new key; the secret is shown once and then only its hash exists. */
    public record CreatedKey(String name, String key) {
    }

    public ApiKeys(KeyStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        try {
            refresh();
        } catch (StoreUnavailableException e) {
            // Presented keys are answered 503 until a refresh reads them; calls without a key go on.
            log.warn("the API keys cannot be read yet: {}", e.getMessage());
        }
    }

    /** The keys as last read; a 503 before they ever were, so that no check passes or fails on keys not read. */
    private Map<String, ApiKey> cached() {
        Map<String, ApiKey> known = byHash;
        if (known == null) {
            throw new StoreUnavailableException("the API keys have not been read from the database yet; retry shortly", null);
        }
        return known;
    }

    /** The cache with one change made; before the first read, nothing: the next refresh reads it all. */
    private void changeCached(java.util.function.Consumer<Map<String, ApiKey>> change) {
        Map<String, ApiKey> known = byHash;
        if (known != null) {
            Map<String, ApiKey> next = new HashMap<>(known);
            change.accept(next);
            byHash = Map.copyOf(next);
        }
        changeCount++;
    }

    public CreatedKey create(String name, Optional<Set<String>> deployments, boolean admin) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BadRequestException("key name must match " + NAME.pattern() + "; got '" + name + "'");
        }
        if (deployments.isPresent()) {
            if (admin) {
                throw new BadRequestException("an admin key may call every deployment; leave deployments out for it");
            }
            if (deployments.get().isEmpty()) {
                throw new BadRequestException("deployments must name at least one deployment; leave it out for all");
            }
            deployments.get().forEach(DeploymentName::new);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ApiKey stored = new ApiKey(name, hash(key), deployments.map(TreeSet::new), admin,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        synchronized (changes) {
            if (!store.addKey(stored)) {
                throw new BadRequestException("a key named '" + name + "' already exists; delete it first or pick another name");
            }
            changeCached(keys -> keys.put(stored.secretHash(), stored));
        }
        return new CreatedKey(name, key);
    }

    public List<ApiKey> list() {
        return store.keys();
    }

    public void delete(String name) {
        synchronized (changes) {
            if (!store.deleteKey(name)) {
                throw new ApiKeyNotFoundException("no key named '" + name + "'");
            }
            changeCached(keys -> keys.values().removeIf(key -> key.name().equals(name)));
        }
    }

    /** The key a caller presented, if it is valid. */
    public Optional<ApiKey> find(String presented) {
        if (presented == null || !presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(presented);
        ApiKey key = cached().get(hash);
        if (key == null || !MessageDigest.isEqual(key.secretHash().getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(key);
    }

    /** Whether management needs an admin key; from the cache, as of the last refresh at the latest. */
    public boolean adminKeyExists() {
        return cached().values().stream().anyMatch(ApiKey::admin);
    }

    /**
     * Reads the keys from the store again, without holding up creations and deletions, and applies
     * only a read no change overtook.
     */
    public void refresh() {
        for (int attempt = 0; attempt < 3; attempt++) {
            long before;
            synchronized (changes) {
                before = changeCount;
            }
            Map<String, ApiKey> fresh = new HashMap<>();
            store.keys().forEach(key -> fresh.put(key.secretHash(), key));
            synchronized (changes) {
                if (changeCount == before) {
                    byHash = Map.copyOf(fresh);
                    return;
                }
            }
        }
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
