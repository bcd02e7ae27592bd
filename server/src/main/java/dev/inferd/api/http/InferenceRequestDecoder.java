package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BadRequestException;
import dev.inferd.invoke.BatchMode;
import dev.inferd.invoke.CallData;
import dev.inferd.invoke.CallDataReader;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.json.NumbersAsSent;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
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
        CallData data = null;
        // Most calls send no option: the map is made for the first.
        Map<String, JsonNode> options = Map.of();
        try (JsonParser parser = json.createParser(body)) {
            NumbersAsSent.ValueReader values = NumbersAsSent.valueReader(json, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new BadRequestException("the body is empty; send a JSON object such as {\"data\": 10}");
            }
            if (first != JsonToken.START_OBJECT) {
                JsonNode root = values.read();
                requireEnd(parser);
                throw new BadRequestException("the body must be a JSON object with a data key, such as {\"data\": 10}; got a JSON "
                        + root.getNodeType().name().toLowerCase());
            }
            // The body is read to its end before any option is judged, so a body that is not JSON is
            // always answered as such, whatever comes first in it.
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("data")) {
                    data = CallDataReader.read(parser, values);
                } else {
                    if (options.isEmpty()) {
                        options = new LinkedHashMap<>();
                    }
                    options.put(name, values.read());
                }
            }
            requireEnd(parser);
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
        BatchMode batchMode = BatchMode.DETECT;
        Duration timeout = defaultTimeout;
        URI webhook = null;
        Boolean ignoreWebhookTimeout = null;
        boolean asLink = false;
        for (Map.Entry<String, JsonNode> option : options.entrySet()) {
            JsonNode value = option.getValue();
            switch (option.getKey()) {
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
                default -> throw new BadRequestException("unknown option '" + option.getKey() + "'; the body takes " + OPTIONS);
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

    /** Nothing may follow the body's one value but white space. */
    private static void requireEnd(JsonParser parser) throws IOException {
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new BadRequestException("the body is not valid JSON: Trailing token (of type " + trailing
                    + ") found after value");
        }
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
