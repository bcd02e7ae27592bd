package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BadRequestException;
import dev.inferd.invoke.BatchMode;
import dev.inferd.invoke.InferenceRequest;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Reads a call body: a JSON object whose {@code data} is the call and whose other keys are options.
 * An unknown option is refused rather than ignored, so a typo such as {@code timeout} is not
 * silently a 300-second call.
 */
final class InferenceRequestDecoder {
    /** Options of PROTOCOL §1 that later parts of inferd will serve; refused clearly until then. */
    private static final Set<String> NOT_YET_SUPPORTED =
            Set.of("response_webhook", "response_webhook_ignore_timeout", "response_format");

    private final ObjectMapper json;
    private final Duration defaultTimeout;
    private final Duration maxTimeout;

    InferenceRequestDecoder(ObjectMapper json, Duration defaultTimeout, Duration maxTimeout) {
        this.json = json;
        this.defaultTimeout = defaultTimeout;
        this.maxTimeout = maxTimeout;
    }

    InferenceRequest decode(byte[] body) {
        JsonNode root = parse(body);
        if (!root.isObject()) {
            throw new BadRequestException("the body must be a JSON object with a data key, such as {\"data\": 10}; got a JSON "
                    + root.getNodeType().name().toLowerCase());
        }
        JsonNode data = null;
        BatchMode batchMode = BatchMode.DETECT;
        Duration timeout = defaultTimeout;
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "data" -> data = value;
                case "batch" -> batchMode = batchMode(value);
                case "timeout_seconds" -> timeout = timeout(value);
                default -> {
                    if (NOT_YET_SUPPORTED.contains(field.getKey())) {
                        throw new BadRequestException(field.getKey() + " is not supported by this server yet");
                    }
                    throw new BadRequestException("unknown option '" + field.getKey()
                            + "'; the body takes data, batch and timeout_seconds");
                }
            }
        }
        if (data == null) {
            throw new BadRequestException("the body has no data key; send {\"data\": <arguments or batch>}");
        }
        return new InferenceRequest(data, batchMode, timeout);
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException("the body is empty; send a JSON object such as {\"data\": 10}");
        }
        try {
            JsonNode root = json.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new BadRequestException("the body is empty; send a JSON object such as {\"data\": 10}");
            }
            return root;
        } catch (StreamConstraintsException e) {
            throw new BadRequestException("the body is over a JSON limit: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new BadRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequestException("the body cannot be read as JSON: " + e.getMessage());
        }
    }

    private static BatchMode batchMode(JsonNode value) {
        if (!value.isBoolean()) {
            throw new BadRequestException("batch must be true or false; got " + value);
        }
        return value.booleanValue() ? BatchMode.FORCE_BATCH : BatchMode.FORCE_SINGLE;
    }

    private Duration timeout(JsonNode value) {
        long max = maxTimeout.toSeconds();
        if (!value.isNumber() || !value.canConvertToExactIntegral() || !value.canConvertToLong()
                || value.longValue() < 1 || value.longValue() > max) {
            throw new BadRequestException("timeout_seconds must be a whole number from 1 to " + max + "; got " + value);
        }
        return Duration.ofSeconds(value.longValue());
    }
}
