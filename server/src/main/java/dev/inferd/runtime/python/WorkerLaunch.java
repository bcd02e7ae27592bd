package dev.inferd.runtime.python;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferd.bundle.BatchForm;
import dev.inferd.runtime.Arity;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a worker for one loaded version: interpreter, worker script, bundle and main function,
 * and whether the function takes whole batches.
 */
record WorkerLaunch(String label, String python, Path workerScript, Path bundleDirectory, String source, String main,
                    BatchForm batch, Duration startTimeout) {

    List<String> command() {
        List<String> command = new ArrayList<>(List.of(python, "-u", "-B", workerScript.toString(),
                bundleDirectory.toString(), source, main));
        if (batch.takesWholeBatches()) {
            ObjectNode form = JsonNodeFactory.instance.objectNode().put("batch", batch.shape().manifestValue());
            batch.columns().forEach(form.putArray("columns")::add);
            command.add(form.toString());
        }
        return command;
    }

    /**
     * The text with the bundle's absolute path taken out, as the worker does with tracebacks: a
     * worker's output quoted to the deployer may name bundle files by it, and the path is the server's.
     */
    String withoutBundleDirectory(String text) {
        String result = text.replace(bundleDirectory.toAbsolutePath() + File.separator, "");
        try {
            return result.replace(bundleDirectory.toRealPath() + File.separator, "");
        } catch (IOException e) {
            return result; // the bundle is gone already; its absolute path was all there was to take out
        }
    }

    /**
     * What an item of a function that takes whole batches may hold: as many arguments as
     * {@code columns} names, or one dict of them (the worker checks its keys); any number when it
     * names none, since the function's own signature (one parameter, the rows) does not say.
     */
    static Arity arityOfRows(List<String> columns) {
        int count = columns.size();
        if (count == 0) {
            return Arity.atLeast(1);
        }
        return count == 1 ? Arity.exactly(1) : new Arity(List.of(new Arity.Range(1, 1), new Arity.Range(count, count)));
    }

    static Arity arityOf(int required, int optional, boolean varargs) {
        return varargs ? Arity.atLeast(required) : Arity.between(required, required + optional);
    }
}
