package dev.inferd.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The request log: one structured line per inference call on the {@code dev.inferd.requests}
 * logger (time, deployment, version, ref, items, duration, status, error; never inputs), and the
 * latest calls of each deployment in memory, with inputs and outputs cut to 1 KiB, for
 * {@code GET /api/deployments/{name}/logs}.
 */
public final class CallLog {
    public static final int KEPT_PER_DEPLOYMENT = 1000;
    public static final int MAX_FIELD_BYTES = 1024;
    private static final Logger requests = LoggerFactory.getLogger("dev.inferd.requests");

    private final ObjectMapper json;
    private final Map<String, Deque<CallRecord>> recent = new ConcurrentHashMap<>();

    public CallLog(ObjectMapper json) {
        this.json = json;
    }

    public void record(CallRecord call) {
        if (requests.isInfoEnabled()) {
            requests.info(logLine(call));
        }
        if (call.deployment().isEmpty()) {
            return;
        }
        Deque<CallRecord> calls = recent.computeIfAbsent(call.deployment(), name -> new ArrayDeque<>());
        synchronized (calls) {
            calls.addFirst(call);
            if (calls.size() > KEPT_PER_DEPLOYMENT) {
                calls.removeLast();
            }
        }
    }

    /** The latest {@code limit} calls of a deployment, newest first. */
    public List<CallRecord> latest(String deployment, int limit) {
        Deque<CallRecord> calls = recent.get(deployment);
        if (calls == null) {
            return List.of();
        }
        List<CallRecord> latest = new ArrayList<>(Math.min(limit, KEPT_PER_DEPLOYMENT));
        synchronized (calls) {
            Iterator<CallRecord> newestFirst = calls.iterator();
            while (newestFirst.hasNext() && latest.size() < limit) {
                latest.add(newestFirst.next());
            }
        }
        return latest;
    }

    /** Forgets a deleted deployment's calls. */
    public void forget(String deployment) {
        recent.remove(deployment);
    }

    /** The first 1 KiB of a body, as text, marked when cut. */
    public static String excerpt(byte[] body) {
        if (body == null) {
            return "";
        }
        if (body.length <= MAX_FIELD_BYTES) {
            return new String(body, StandardCharsets.UTF_8);
        }
        return new String(body, 0, MAX_FIELD_BYTES, StandardCharsets.UTF_8) + "… (" + body.length + " bytes)";
    }

    private String logLine(CallRecord call) {
        ObjectNode line = json.createObjectNode();
        line.put("time", call.time().toString());
        line.put("deployment", call.deployment());
        if (call.version() > 0) {
            line.put("version", call.version());
        }
        line.put("ref", call.ref());
        line.put("items", call.items());
        line.put("durationMs", call.durationMicros() / 1000.0);
        line.put("status", call.status());
        if (call.error() != null) {
            line.put("error", call.error());
        }
        try {
            return json.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            return line.toString();
        }
    }
}
