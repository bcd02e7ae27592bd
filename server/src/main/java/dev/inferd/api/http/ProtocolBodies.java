package dev.inferd.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.config.TimeoutSettings;
import dev.inferd.error.ErrorAnswer;
import dev.inferd.invoke.AnswerEncoder;
import dev.inferd.invoke.InferenceRequest;
import dev.inferd.invoke.InvocationResult;
import dev.inferd.invoke.async.AsyncCodec;

import java.io.UncheckedIOException;
import java.util.concurrent.Executor;

/**
 * The protocol's request and answer bodies, shared by synchronous calls and async jobs so a
 * webhook receives exactly the body the call would have been answered with.
 */
public final class ProtocolBodies implements AnswerEncoder, AsyncCodec {
    private final ObjectMapper json;
    private final InferenceRequestDecoder decoder;
    private final InferenceResponseEncoder encoder;

    /**
     * @param answerWriters threads that write segments of big batch answers beside the thread that
     *                      writes the rest (the invocation threads: the work is the same kind)
     */
    public ProtocolBodies(TimeoutSettings timeouts, ObjectMapper json, Executor answerWriters) {
        this.json = json;
        this.decoder = new InferenceRequestDecoder(json, timeouts.defaultTimeout(), timeouts.maxTimeout());
        this.encoder = new InferenceResponseEncoder(json, answerWriters, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public InferenceRequest decode(byte[] body) {
        return decoder.decode(body);
    }

    @Override
    public byte[] encode(InvocationResult result) {
        return encoder.encode(result);
    }

    @Override
    public byte[] encodeError(ErrorAnswer error) {
        return write(JsonResponses.errorBody(error, json));
    }

    @Override
    public byte[] encodeLink(String url) {
        ObjectNode body = json.createObjectNode();
        body.put("data", url);
        return write(body);
    }

    private byte[] write(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
