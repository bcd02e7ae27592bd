package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BadRequestException;
import dev.inferd.invoke.BatchMode;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.json.NumbersAsSent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a call body: a JSON object whose {@code data} is the call and whose other keys are options.
 * An unknown option is refused rather than ignored, so a typo such as {@code timeout} is not
 * silently a 300-second call. Webhook URLs are checked for form here; whether they may be called
 * is the webhook policy's decision.
 */
final class InferenceRequestDecoder {
    private static final String OPTIONS = "data, batch, timeout_seconds, response_webhook, "
            + "response_webhook_ignore_timeout and response_format";

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
        URI webhook = null;
        Boolean ignoreWebhookTimeout = null;
        boolean asLink = false;
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "data" -> data = value;
                case "batch" -> batchMode = batchMode(value);
                case "timeout_seconds" -> timeout = timeout(value);
                case "response_webhook" -> webhook = webhook(value);
                case "response_webhook_ignore_timeout" -> {
                    if (!value.isBoolean()) {
                        throw new BadRequestException("response_webhook_ignore_timeout must be true or false; got " + value);
                    }
                    ignoreWebhookTimeout = value.booleanValue();
                }
                case "response_format" -> {
                    if (!value.isTextual() || !value.textValue().equals("links")) {
                        throw new BadRequestException("response_format can only be \"links\"; got " + value);
                    }
                    asLink = true;
                }
                default -> throw new BadRequestException("unknown option '" + field.getKey() + "'; the body takes " + OPTIONS);
            }
        }
        if (data == null) {
            throw new BadRequestException("the body has no data key; send {\"data\": <arguments or batch>}");
        }
        if (ignoreWebhookTimeout != null && webhook == null) {
            throw new BadRequestException("response_webhook_ignore_timeout only goes with response_webhook");
        }
        Optional<InferenceRequest.Webhook> delivery = webhook == null ? Optional.empty()
                : Optional.of(new InferenceRequest.Webhook(webhook, Boolean.TRUE.equals(ignoreWebhookTimeout)));
        return new InferenceRequest(data, batchMode, timeout, delivery, asLink);
    }

    private static URI webhook(JsonNode value) {
        if (!value.isTextual()) {
            throw new BadRequestException("response_webhook must be a URL; got " + value);
        }
        try {
            URI url = new URI(value.textValue());
            boolean web = "https".equalsIgnoreCase(url.getScheme()) || "http".equalsIgnoreCase(url.getScheme());
            if (!web || url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
                throw new URISyntaxException(value.textValue(), "not an http(s) URL with a host, no user and no fragment");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new BadRequestException("response_webhook is not a usable URL: " + e.getMessage());
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new BadRequestException("the body is empty; send a JSON object such as {\"data\": 10}");
        }
        try {
            JsonNode root = NumbersAsSent.readTree(json, body);
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
        } catch (NumberFormatException | ArithmeticException e) {
            // Jackson reads 1E+9999999999 into a BigDecimal only as far as its exponent fits an int.
            throw new BadRequestException("the body holds a number that cannot be read: " + e.getMessage());
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
