package dev.inferd.auth;

import java.util.List;

/**
 * Durable API keys, as hashes. Every method is one transaction. {@link ApiKeys} owns this contract;
 * the store package implements it.
 */
public interface KeyStore {

    /** @return false when a key of that name exists already */
    boolean addKey(ApiKey key);

    List<ApiKey> keys();

    /** @return false when there was no such key */
    boolean deleteKey(String name);
}
