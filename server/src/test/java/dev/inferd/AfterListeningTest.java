package dev.inferd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AfterListeningTest {
    private final AfterListening afterListening = new AfterListening();
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksWaitUntilTheServerListensAndThenRunInTheOrderTheyCame() {
        afterListening.execute(() -> ran.add("first"));
        afterListening.execute(() -> ran.add("second"));
        assertThat(ran).isEmpty();

        afterListening.listening();

        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aTaskThatComesAfterTheServerListensRunsAtOnce() {
        afterListening.listening();

        afterListening.execute(() -> ran.add("late"));

        assertThat(ran).containsExactly("late");
    }

    @Test
    void aFailingTaskDoesNotKeepTheOthersFromRunning() {
        afterListening.execute(() -> {
            throw new IllegalStateException("this task fails");
        });
        afterListening.execute(() -> ran.add("after the failure"));

        afterListening.listening();

        assertThat(ran).containsExactly("after the failure");
    }
}
