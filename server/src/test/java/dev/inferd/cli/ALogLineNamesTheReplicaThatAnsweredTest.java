package dev.inferd.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code inferd logs} against replicas sharing a database: each line names the replica that
 * answered the call, in brackets after the time; a server alone has no replica to name.
 */
class ALogLineNamesTheReplicaThatAnsweredTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aCallFromAReplicaNamesItAfterTheTime() throws Exception {
        JsonNode call = JSON.readTree("{\"time\":\"2026-12-07T12:40:22.818123Z\",\"replica\":\"web-2-1f0c9a3e\",\"version\":2,"
                + "\"ref\":\"latest\",\"items\":1,\"durationMs\":17.77,\"status\":200,\"input\":\"{\\\"data\\\": 1}\",\"output\":\"{\\\"data\\\":2}\"}");

        assertThat(LogsCommand.line(call))
                .isEqualTo("2026-12-07T12:40:22.818Z  [web-2-1f0c9a3e]  v2 latest  1 item  17.77 ms  200  {\"data\": 1} -> {\"data\":2}");
    }

    @Test
    void aCallFromAServerAloneNamesNoReplica() throws Exception {
        JsonNode call = JSON.readTree("{\"time\":\"2026-12-07T12:40:22.818123Z\",\"version\":2,"
                + "\"ref\":\"latest\",\"items\":1,\"durationMs\":17.77,\"status\":200,\"input\":\"{\\\"data\\\": 1}\",\"output\":\"{\\\"data\\\":2}\"}");

        assertThat(LogsCommand.line(call)).startsWith("2026-12-07T12:40:22.818Z  v2 latest");
    }
}
