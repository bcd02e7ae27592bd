package dev.inferd.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InvocationExecutorTest {
    private final InvocationExecutor executor = new InvocationExecutor(2, 10, "test-invoke-");

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void workKeptByATaskRunsOnItsThreadAfterTheTaskReturns() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch keptRan = new CountDownLatch(1);

        executor.execute(() -> {
            String taskThread = Thread.currentThread().getName();
            boolean kept = executor.runAfterCurrentTask(() -> {
                events.add("kept work on " + (Thread.currentThread().getName().equals(taskThread) ? "the task's thread" : "another"));
                keptRan.countDown();
            });
            events.add("task returns, kept: " + kept);
        });

        assertThat(keptRan.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events).containsExactly("task returns, kept: true", "kept work on the task's thread");
    }

    @Test
    void aThreadOutsideThePoolKeepsNothing() {
        assertThat(executor.runAfterCurrentTask(() -> { })).isFalse();
    }

    @Test
    void aTaskKeepsOnePieceOfWorkSoThatASecondRunsBesideItInstead() throws Exception {
        boolean[] second = new boolean[1];

        CompletableFuture.runAsync(() -> {
            executor.runAfterCurrentTask(() -> { });
            second[0] = executor.runAfterCurrentTask(() -> { });
        }, executor).get(10, TimeUnit.SECONDS);

        assertThat(second[0]).isFalse();
    }

    @Test
    void workKeptByKeptWorkRunsToo() throws Exception {
        CountDownLatch both = new CountDownLatch(2);

        executor.execute(() -> executor.runAfterCurrentTask(() -> {
            both.countDown();
            executor.runAfterCurrentTask(both::countDown);
        }));

        assertThat(both.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void keptWorkThatFailsLeavesThePoolServing() throws Exception {
        executor.execute(() -> executor.runAfterCurrentTask(() -> {
            throw new IllegalStateException("kept work failing on purpose");
        }));

        assertThat(CompletableFuture.supplyAsync(() -> "still serving", executor).get(10, TimeUnit.SECONDS))
                .isEqualTo("still serving");
    }
}
