package dev.inferd.store;

import dev.inferd.bundle.AtomicDirectory;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh data directory for each test, on which a test may open the database several times, as
 * several servers sharing it would; every database opened is closed after the test.
 */
final class SqliteDataDirectory implements BeforeEachCallback, AfterEachCallback {
    private final List<SqliteDatabase> opened = new ArrayList<>();
    private Path directory;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        directory = Files.createTempDirectory("inferd-store-test");
    }

    Path directory() {
        return directory;
    }

    /** Opens (creating and migrating the first time) the database of this test's directory once more. */
    SqliteDatabase open() {
        SqliteDatabase database = SqliteDatabase.inDataDirectory(directory);
        opened.add(database);
        return database;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        opened.forEach(SqliteDatabase::close);
        opened.clear();
        AtomicDirectory.deleteRecursively(directory);
    }
}
