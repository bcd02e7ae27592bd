package dev.inferd.auth;

import dev.inferd.error.ForbiddenException;
import dev.inferd.error.UnauthorizedException;

import java.util.Optional;

/**
 * Who may call what (PROTOCOL §2). Inference: a key that is present is always checked; without
 * one, calls pass unless the server requires keys. Management: once an admin key exists, only
 * admin keys; before that, only callers on this machine, so a fresh server is never open to the
 * network.
 */
public final class AccessPolicy {
    private final ApiKeys keys;
    private final boolean requireApiKeys;
    private final String createAdminKeyHint;

    public AccessPolicy(ApiKeys keys, boolean requireApiKeys, String createAdminKeyHint) {
        this.keys = keys;
        this.requireApiKeys = requireApiKeys;
        this.createAdminKeyHint = createAdminKeyHint;
    }

    /**
     * @param authorization the Authorization header, if any
     * @throws UnauthorizedException when a key is needed and missing, or present and not valid
     * @throws ForbiddenException    when the key may not call this deployment
     */
    public void checkInference(Optional<String> authorization, String deployment) {
        Optional<ApiKey> key = presentedKey(authorization);
        if (key.isEmpty()) {
            if (requireApiKeys) {
                throw new UnauthorizedException("this server requires an API key: send it as Authorization: Bearer <key>");
            }
            return;
        }
        if (!key.get().mayCall(deployment)) {
            throw new ForbiddenException("the API key '" + key.get().name() + "' may not call deployment '" + deployment + "'");
        }
    }

    /**
     * Checks the caller before anything about a deployment is known (reading an async job's status):
     * a present key must be valid, and a key is needed when the server requires keys.
     */
    public void checkCaller(Optional<String> authorization) {
        if (presentedKey(authorization).isEmpty() && requireApiKeys) {
            throw new UnauthorizedException("this server requires an API key: send it as Authorization: Bearer <key>");
        }
    }

    /**
     * @param fromThisMachine whether the caller connected over loopback without a proxy in between
     * @throws UnauthorizedException when an admin key is needed and missing or not valid
     * @throws ForbiddenException    when the key is not an admin key, or no admin key exists and the
     *                               caller is not on this machine
     */
    public void checkManagement(Optional<String> authorization, boolean fromThisMachine) {
        Optional<ApiKey> key = presentedKey(authorization);
        if (key.isPresent() && key.get().admin()) {
            return;
        }
        if (keys.adminKeyExists()) {
            if (key.isEmpty()) {
                throw new UnauthorizedException("management needs an admin API key: send it as Authorization: Bearer <key>");
            }
            throw new ForbiddenException("the API key '" + key.get().name() + "' is not an admin key");
        }
        if (!fromThisMachine) {
            throw new ForbiddenException("management is only open to this machine until an admin key exists; "
                    + "create one with " + createAdminKeyHint + " and send it as Authorization: Bearer <key>");
        }
    }

    /** Reads {@code Authorization: <key>} or {@code Authorization: Bearer <key>}; a header that holds no valid key is a 401. */
    private Optional<ApiKey> presentedKey(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String value = authorization.get().strip();
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            value = value.substring(7).strip();
        }
        Optional<ApiKey> key = keys.find(value);
        if (key.isEmpty()) {
            throw new UnauthorizedException("the API key is not valid (unknown, deleted or mistyped)");
        }
        return key;
    }
}
