package dev.inferd.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryLockTest {

    @Test
    void acquiringCreatesTheDirectoryAndItsLockFile(@TempDir Path parent) {
        Path dataDirectory = parent.resolve("new").resolve("data");

        try (DataDirectoryLock ignored = DataDirectoryLock.acquire(dataDirectory)) {
            assertThat(dataDirectory.resolve("inferd.lock")).satisfies(path -> assertThat(Files.isRegularFile(path)).isTrue());
        }
    }

    @Test
    void aReleasedLockCanBeAcquiredAgain(@TempDir Path dataDirectory) {
        DataDirectoryLock.acquire(dataDirectory).close();

        try (DataDirectoryLock again = DataDirectoryLock.acquire(dataDirectory)) {
            assertThat(again).isNotNull();
        }
    }
}
