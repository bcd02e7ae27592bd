package dev.inferd.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.inferd.error.BadRequestException;
import dev.inferd.error.StoreUnavailableException;
import dev.inferd.metrics.CallLog;
import dev.inferd.metrics.CallLogEntry;
import dev.inferd.metrics.SharedCallLog;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code GET /api/deployments/{name}/logs?limit=N&version=N}: a deployment's latest calls, newest first.
 * A server alone answers from its own calls in memory, on the event loop. Replicas answer from the log
 * they share, off the event loop; when the database cannot be reached, from their own calls, marked
 * {@code partial}, since the log is most wanted when something is wrong.
 */
public final class CallLogsResource implements HttpRoutes {
    private static final int DEFAULT_LOG_LIMIT = 100;
    private static final List<String> LOG_QUERY = List.of("limit", "version");

    private final DeploymentRegistry registry;
    private final CallLog callLog;
    private final Optional<SharedCallLog> sharedCallLog;
    private final Executor storeExecutor;
    private final ResourceRequests requests;

    /** @param storeExecutor where reads of the shared call log run */
    public CallLogsResource(DeploymentRegistry registry, CallLog callLog, Optional<SharedCallLog> sharedCallLog,
                            Executor storeExecutor, ResourceRequests requests) {
        this.registry = registry;
        this.callLog = callLog;
        this.sharedCallLog = sharedCallLog;
        this.storeExecutor = storeExecutor;
        this.requests = requests;
    }

    /** {@code partial}: only this replica's calls, the shared log being out of reach; left out when false. */
    record CallList(String name, List<CallLogEntry> calls, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean partial) {
    }

    @Override
    public void mount(Router router) {
        router.route("/api/deployments/:name/logs").handler(requests.byMethod(HttpMethod.GET, this::logs));
    }

    private void logs(RoutingContext context) {
        DeploymentName name;
        int limit;
        OptionalInt version;
        try {
            name = ResourceRequests.existingName(context);
            registry.get(name);
            checkQuery(context, LOG_QUERY);
            limit = logLimit(context.queryParam("limit"));
            version = logVersion(context.queryParam("version"));
        } catch (RuntimeException e) {
            requests.fail(context, e);
            return;
        }
        if (sharedCallLog.isEmpty()) {
            requests.answerNow(context, () -> new CallList(name.value(), ownCalls(name, limit, version, null), false));
            return;
        }
        SharedCallLog shared = sharedCallLog.get();
        requests.blocking(context, storeExecutor, () -> {
            try {
                return new CallList(name.value(), shared.latest(name.value(), limit, version), false);
            } catch (StoreUnavailableException e) {
                return new CallList(name.value(), ownCalls(name, limit, version, shared.replica()), true);
            }
        }, answer -> requests.send(context, 200, answer));
    }

    /** This server's own calls, kept in its memory; {@code replica} names it when it has others, else null. */
    private List<CallLogEntry> ownCalls(DeploymentName name, int limit, OptionalInt version, String replica) {
        return callLog.latest(name.value(), limit, version).stream().map(call -> CallLogEntry.of(call, replica)).toList();
    }

    /**
     * Refuses a query with parameters other than {@code known}, or with one of them twice, as call
     * bodies refuse unknown fields: a misspelt {@code limt=5} would otherwise be silently ignored.
     */
    private static void checkQuery(RoutingContext context, List<String> known) {
        Set<String> unknown = new TreeSet<>(context.queryParams().names());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new BadRequestException("unknown query parameter" + (unknown.size() == 1 ? " " : "s ")
                    + String.join(", ", unknown) + "; use " + String.join(" and ", known));
        }
        for (String name : known) {
            if (context.queryParam(name).size() > 1) {
                throw new BadRequestException("give " + name + " once; got " + String.join(", ", context.queryParam(name)));
            }
        }
    }

    /** Only the calls answered by that version; a version the deployment no longer has may still have calls. */
    private static OptionalInt logVersion(List<String> values) {
        if (values.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int version = Integer.parseInt(values.get(0));
            if (version >= 1) {
                return OptionalInt.of(version);
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new BadRequestException("version must be a version number (1, 2, 3, ...); got '" + values.get(0) + "'");
    }

    private static int logLimit(List<String> values) {
        if (values.isEmpty()) {
            return DEFAULT_LOG_LIMIT;
        }
        try {
            int limit = Integer.parseInt(values.get(0));
            if (limit < 1 || limit > CallLog.KEPT_PER_DEPLOYMENT) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new BadRequestException("limit must be a whole number from 1 to " + CallLog.KEPT_PER_DEPLOYMENT
                    + "; got '" + values.get(0) + "'");
        }
    }
}
