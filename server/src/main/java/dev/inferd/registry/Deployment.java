package dev.inferd.registry;

import dev.inferd.error.VersionNotFoundException;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An immutable snapshot of one deployment: its versions by number and its aliases. The registry
 * swaps whole snapshots, so a reader always sees a consistent pair of versions and aliases.
 */
public record Deployment(DeploymentName name, Instant createdAt,
                         NavigableMap<Integer, DeploymentVersion> versions,
                         SortedMap<String, Integer> aliases) {

    public Deployment {
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
        aliases = Collections.unmodifiableSortedMap(new TreeMap<>(aliases));
    }

    public static Deployment empty(DeploymentName name, Instant createdAt) {
        return new Deployment(name, createdAt, new TreeMap<>(), new TreeMap<>());
    }

    public DeploymentVersion latest() {
        if (versions.isEmpty()) {
            throw new VersionNotFoundException("deployment " + name + " has no versions");
        }
        return versions.lastEntry().getValue();
    }

    /** The one place a reference becomes a version. */
    public DeploymentVersion resolve(VersionRef ref) {
        // Java 17 has no pattern switch; the sealed interface keeps this chain exhaustive by review.
        if (ref instanceof VersionRef.Latest) {
            return latest();
        }
        if (ref instanceof VersionRef.Exact exact) {
            return version(exact.number());
        }
        if (ref instanceof VersionRef.Alias alias) {
            Integer number = aliases.get(alias.name().value());
            if (number == null) {
                throw new VersionNotFoundException("deployment " + name + " has no alias '" + alias + "'");
            }
            return version(number);
        }
        throw new VersionNotFoundException(
                "'" + ref + "' is not latest, a version number or an alias of deployment " + name);
    }

    public DeploymentVersion version(int number) {
        DeploymentVersion version = versions.get(number);
        if (version == null) {
            throw new VersionNotFoundException("deployment " + name + " has no version " + number);
        }
        return version;
    }

    /** Whether this exact version (same number, same content) is still one of the deployment's. */
    public boolean hasVersion(DeploymentVersion version) {
        DeploymentVersion current = versions.get(version.number());
        // The same instance on every call of a version that has not been redeployed since it was resolved.
        return current == version || current != null && current.contentHash().equals(version.contentHash());
    }

    public Deployment withVersion(DeploymentVersion version) {
        NavigableMap<Integer, DeploymentVersion> next = new TreeMap<>(versions);
        next.put(version.number(), version);
        return new Deployment(name, createdAt, next, aliases);
    }

    public Deployment withoutVersion(int number) {
        NavigableMap<Integer, DeploymentVersion> next = new TreeMap<>(versions);
        next.remove(number);
        return new Deployment(name, createdAt, next, aliases);
    }

    /** The aliases that point at version {@code number}, by name. */
    public List<String> aliasesOf(int number) {
        return aliases.entrySet().stream().filter(alias -> alias.getValue() == number).map(Map.Entry::getKey).toList();
    }

    public Deployment withAlias(AliasName alias, int number) {
        SortedMap<String, Integer> next = new TreeMap<>(aliases);
        next.put(alias.value(), number);
        return new Deployment(name, createdAt, versions, next);
    }

    public Deployment withoutAlias(AliasName alias) {
        SortedMap<String, Integer> next = new TreeMap<>(aliases);
        next.remove(alias.value());
        return new Deployment(name, createdAt, versions, next);
    }

    public List<DeploymentVersion> versionList() {
        return List.copyOf(versions.values());
    }

    public Map<String, Integer> aliasMap() {
        return aliases;
    }
}
