package dev.inferd;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AfterListeningTest {
    private final AfterListening afterListening = new AfterListening();
    private final List<String> ran = Collections.synchronizedList(new ArrayList<>());

    private Runnable recording(String name, CountDownLatch done) {
        return () -> {
            ran.add(name);
            done.countDown();
        };
    }

    private static void awaitAll(CountDownLatch done) throws InterruptedException {
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the held tasks ran").isTrue();
    }

    @Test
    void tasksWaitUntilTheServerListensAndThenRunInTheOrderTheyCame() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(2);
        afterListening.execute(recording("first", done));
        afterListening.execute(recording("second", done));
        assertThat(ran).isEmpty();

        afterListening.listening();

        awaitAll(done);
        assertThat(ran).containsExactly("first", "second");
    }

    @Test
    void aTaskThatComesAfterTheServerListensRunsAtOnce() {
        afterListening.listening();

        afterListening.execute(() -> ran.add("late"));

        assertThat(ran).containsExactly("late");
    }

    @Test
    void aFailingTaskDoesNotKeepTheOthersFromRunning() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        afterListening.execute(() -> {
            throw new IllegalStateException("this task fails");
        });
        afterListening.execute(recording("after the failure", done));

        afterListening.listening();

        awaitAll(done);
        assertThat(ran).containsExactly("after the failure");
    }

    @Test
    void heldTasksRunOnceEvenIfTheServerIsSaidToListenTwice() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        afterListening.execute(recording("held", done));

        afterListening.listening();
        afterListening.listening();

        awaitAll(done);
        Thread.sleep(100);
        assertThat(ran).containsExactly("held");
    }
}
