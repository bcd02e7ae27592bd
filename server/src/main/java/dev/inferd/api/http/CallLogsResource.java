package dev.inferd.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.inferd.error.BadRequestException;
import dev.inferd.metrics.CallLog;
import dev.inferd.metrics.CallRecord;
import dev.inferd.registry.DeploymentName;
import dev.inferd.registry.DeploymentRegistry;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/** {@code GET /api/deployments/{name}/logs?limit=N&version=N}: a deployment's latest calls, newest first. */
public final class CallLogsResource implements HttpRoutes {
    private static final int DEFAULT_LOG_LIMIT = 100;
    private static final List<String> LOG_QUERY = List.of("limit", "version");

    private final DeploymentRegistry registry;
    private final CallLog callLog;
    private final ResourceRequests requests;

    public CallLogsResource(DeploymentRegistry registry, CallLog callLog, ResourceRequests requests) {
        this.registry = registry;
        this.callLog = callLog;
        this.requests = requests;
    }

    record CallList(String name, List<LoggedCall> calls) {
    }

    /** {@code error} is left out for answered calls; {@code durationMs} keeps the microseconds. */
    record LoggedCall(String time, int version, String ref, int items, double durationMs, int status,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String error, String input, String output) {

        static LoggedCall of(CallRecord call) {
            return new LoggedCall(call.time().toString(), call.version(), call.ref(), call.items(),
                    call.durationMicros() / 1000.0, call.status(), call.error(), call.input().text(),
                    call.output().text());
        }
    }

    @Override
    public void mount(Router router) {
        router.route("/api/deployments/:name/logs").handler(requests.byMethod(HttpMethod.GET, this::logs));
    }

    private void logs(RoutingContext context) {
        requests.answerNow(context, () -> {
            DeploymentName name = ResourceRequests.existingName(context);
            registry.get(name);
            checkQuery(context, LOG_QUERY);
            int limit = logLimit(context.queryParam("limit"));
            OptionalInt version = logVersion(context.queryParam("version"));
            return new CallList(name.value(),
                    callLog.latest(name.value(), limit, version).stream().map(LoggedCall::of).toList());
        });
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
