package dev.inferd.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bare minimum that answers inferd's protocol for a doubling function: read the body, double
 * the argument of a single call or of every batch item, sort a batch by ID, write the answer. No
 * routing, registry, limits, metrics or thread hops. bench/run.sh measures inferd against it, so
 * inferd's overhead is a ratio taken on one machine in one run.
 *
 * <p>Usage: {@code java -jar baseline.jar PORT}
 */
public final class BaselineServer {
    private static final JsonFactory JSON = new JsonFactory();

    private BaselineServer() {
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9001;
        Vertx vertx = Vertx.vertx(new VertxOptions());
        vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1"))
                .requestHandler(BaselineServer::handle)
                .listen()
                .onSuccess(server -> System.out.println("baseline listening on http://127.0.0.1:" + server.actualPort()))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    private static void handle(HttpServerRequest request) {
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        request.body().onSuccess(body -> {
            try {
                request.response().putHeader("Content-Type", "application/json").end(Buffer.buffer(answer(body.getBytes())));
            } catch (IOException | RuntimeException e) {
                request.response().setStatusCode(400).end("{\"error\":\"" + e.getClass().getSimpleName() + "\",\"code\":\"bad_request\"}");
            }
        });
    }

    /** One batch item: its ID (a long, or a string when not a number) and the doubled argument. */
    private record Item(boolean numericId, long number, String text, long doubled) {
    }

    private static final Comparator<Item> BY_ID = (a, b) -> {
        if (a.numericId != b.numericId) {
            return a.numericId ? -1 : 1;
        }
        return a.numericId ? Long.compare(a.number, b.number) : a.text.compareTo(b.text);
    };

    static byte[] answer(byte[] body) throws IOException {
        try (JsonParser parser = JSON.createParser(body);
             ByteArrayBuilder out = new ByteArrayBuilder(body.length + 64);
             JsonGenerator generator = JSON.createGenerator(out)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            generator.writeStartObject();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!field.equals("data")) {
                    parser.skipChildren();
                    continue;
                }
                generator.writeFieldName("data");
                if (value == JsonToken.VALUE_NUMBER_INT) {
                    generator.writeNumber(2 * parser.getLongValue());
                } else {
                    expect(value, JsonToken.START_ARRAY);
                    writeBatch(parser, generator);
                }
            }
            generator.writeEndObject();
            generator.flush();
            return out.toByteArray();
        }
    }

    private static void writeBatch(JsonParser parser, JsonGenerator generator) throws IOException {
        List<Item> items = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            JsonToken idToken = parser.nextToken();
            boolean numeric = idToken == JsonToken.VALUE_NUMBER_INT;
            long number = numeric ? parser.getLongValue() : 0;
            String text = numeric ? null : parser.getText();
            parser.nextToken();
            long doubled = 2 * parser.getLongValue();
            expect(parser.nextToken(), JsonToken.END_ARRAY);
            items.add(new Item(numeric, number, text, doubled));
        }
        items.sort(BY_ID);
        generator.writeStartArray();
        for (Item item : items) {
            generator.writeStartArray();
            if (item.numericId) {
                generator.writeNumber(item.number);
            } else {
                generator.writeString(item.text);
            }
            generator.writeNumber(item.doubled);
            generator.writeEndArray();
        }
        generator.writeEndArray();
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", got " + actual);
        }
    }
}
