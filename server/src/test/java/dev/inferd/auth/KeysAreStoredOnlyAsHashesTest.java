package dev.inferd.auth;

import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Only the SHA-256 of a key is kept: the api_keys table and every file of the data directory lack the secret. */
class KeysAreStoredOnlyAsHashesTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    static final KeyedRequests requests = new KeyedRequests(server);

    @Test
    void theKeyTableHoldsTheSha256OfTheKeyAndNotTheKey() throws Exception {
        String key = requests.createKey("hashed_in_table", "[\"a\", \"b\"]", false, null);

        Map<String, String> row = keyRow("hashed_in_table");

        assertThat(row).containsEntry("key_hash", KeysAreCreatedListedAndDeletedTest.sha256Hex(key));
        assertThat(row.values()).allSatisfy(value -> assertThat(String.valueOf(value))
                .doesNotContain(key)
                .doesNotContain(key.substring(ApiKeys.PREFIX.length())));
    }

    @Test
    void noFileOfTheDataDirectoryContainsTheKey() throws Exception {
        String key = requests.createKey("absent_from_files", null, false, null);
        keyRow("absent_from_files"); // the row is committed before the files are searched

        List<Path> files;
        try (Stream<Path> walk = Files.walk(server.dataDirectory())) {
            files = walk.filter(Files::isRegularFile).toList();
        }

        assertThat(files).extracting(path -> path.getFileName().toString()).contains("inferd.db");
        byte[] secret = key.substring(ApiKeys.PREFIX.length()).getBytes(StandardCharsets.US_ASCII);
        assertThat(files).allSatisfy(file -> assertThat(indexOf(read(file), secret))
                .as("the key's secret in %s", file).isEqualTo(-1));
    }

    private static Map<String, String> keyRow(String name) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + server.dataDirectory().resolve("inferd.db"));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM api_keys")) {
            ResultSetMetaData columns = rows.getMetaData();
            List<Map<String, String>> matching = new ArrayList<>();
            while (rows.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    row.put(columns.getColumnName(i), rows.getString(i));
                }
                if (name.equals(row.get("name"))) {
                    matching.add(row);
                }
            }
            assertThat(matching).as("rows named %s", name).hasSize(1);
            return matching.get(0);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
