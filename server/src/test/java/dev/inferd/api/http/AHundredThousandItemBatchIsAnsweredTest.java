package dev.inferd.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** A large batch is decoded off the event loop, run in parallel chunks and merged back in ID order. */
class AHundredThousandItemBatchIsAnsweredTest {
    private static final int ITEMS = 100_000;

    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void deployADoubler() {
        server.deployJavaClass("doubler", "Doubler", "twice", "public static long twice(long x) { return 2 * x; }");
    }

    @Test
    void everyItemComesBackDoubledInIdOrder() {
        // Sent in an order unlike the sorted one: odd IDs descending, then even IDs ascending.
        StringBuilder data = new StringBuilder("[");
        boolean first = true;
        for (int id = ITEMS - 1; id >= 0; id--) {
            if (id % 2 == 1) {
                data.append(first ? "" : ",").append('[').append(id).append(',').append(id + 7).append(']');
                first = false;
            }
        }
        for (int id = 0; id < ITEMS; id += 2) {
            data.append(",[").append(id).append(',').append(id + 7).append(']');
        }
        HttpAnswer answer = server.call("doubler", data.append(']').toString());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.has("error")).isFalse();
        JsonNode results = body.get("data");
        assertThat(results).hasSize(ITEMS);
        for (int k = 0; k < ITEMS; k++) {
            JsonNode entry = results.get(k);
            if (entry.get(0).asInt() != k || entry.get(1).asLong() != 2L * (k + 7)) {
                throw new AssertionError("entry " + k + " is " + entry + "; expected [" + k + "," + 2L * (k + 7) + "]");
            }
        }
        assertThat(results.get(0).toString()).isEqualTo("[0,14]");
        assertThat(results.get(ITEMS / 2).toString()).isEqualTo("[50000,100014]");
        assertThat(results.get(ITEMS - 1).toString()).isEqualTo("[99999,200012]");
    }

    @Test
    void aLargeBatchWithStringIdsSortsByCodePoint() {
        StringBuilder data = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++) {
            data.append(i == 0 ? "" : ",").append("[\"id-").append(19_999 - i).append("\",").append(i).append(']');
        }
        JsonNode results = server.call("doubler", data.append(']').toString()).json().get("data");

        assertThat(results).hasSize(20_000);
        // Code-point order of "id-0", "id-1", "id-10", "id-100", ...
        assertThat(results.get(0).toString()).isEqualTo("[\"id-0\"," + 2 * 19_999 + "]");
        assertThat(results.get(1).toString()).isEqualTo("[\"id-1\"," + 2 * 19_998 + "]");
        assertThat(results.get(2).toString()).isEqualTo("[\"id-10\"," + 2 * 19_989 + "]");
        for (int k = 1; k < results.size(); k++) {
            assertThat(results.get(k - 1).get(0).asText().compareTo(results.get(k).get(0).asText())).isNegative();
        }
    }
}
