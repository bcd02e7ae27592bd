package dev.inferd.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.bundle.DeployTest;
import dev.inferd.bundle.Manifest;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.json.JsonEquivalence;
import dev.inferd.runtime.Call;
import dev.inferd.runtime.LoadedModel;
import dev.inferd.runtime.Outcome;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Runs a manifest's {@code tests:} against a freshly loaded version before it is committed. */
final class DeployTestRunner {
    private final Duration timeoutPerTest;

    DeployTestRunner(Duration timeoutPerTest) {
        this.timeoutPerTest = timeoutPerTest;
    }

    /** @throws BundleRejectedException naming the first test that fails */
    void runAll(Manifest manifest, LoadedModel model) {
        List<DeployTest> tests = manifest.tests();
        for (int i = 0; i < tests.size(); i++) {
            run("tests[" + i + "]", tests.get(i), model);
        }
    }

    private void run(String name, DeployTest test, LoadedModel model) {
        String args = test.args().stream().map(JsonNode::toString).collect(Collectors.joining(", ", "[", "]"));
        String described = "deploy-time test " + name + " with args " + args;
        if (!model.arity().accepts(test.args().size())) {
            throw new BundleRejectedException(described + " failed: the main function takes "
                    + model.arity().describe() + ", the test gives " + test.args().size());
        }
        Outcome outcome = await(described, model.predict(List.of(new Call(test.args()))));
        if (outcome instanceof Outcome.Failure failure) {
            throw new BundleRejectedException(described + " failed:\n" + failure.message());
        }
        JsonNode actual = ((Outcome.Success) outcome).value();
        test.expect().ifPresent(expected -> {
            if (!JsonEquivalence.equivalent(expected, actual)) {
                throw new BundleRejectedException(described + " failed: expected " + expected + ", got " + actual);
            }
        });
    }

    private Outcome await(String described, CompletableFuture<List<Outcome>> running) {
        try {
            return running.get(timeoutPerTest.toMillis(), TimeUnit.MILLISECONDS).get(0);
        } catch (TimeoutException e) {
            running.cancel(true);
            throw new BundleRejectedException(described + " did not finish within " + timeoutPerTest.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new BundleRejectedException(described + " could not run: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BundleRejectedException(described + " was interrupted");
        }
    }
}
