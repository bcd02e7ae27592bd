package dev.inferd.runtime.python;

import dev.inferd.runtime.Arity;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** How to start a worker for one loaded version: interpreter, worker script, bundle and main function. */
record WorkerLaunch(String label, String python, Path workerScript, Path bundleDirectory, String source, String main,
                    Duration startTimeout) {

    List<String> command() {
        return List.of(python, "-u", "-B", workerScript.toString(), bundleDirectory.toString(), source, main);
    }

    static Arity arityOf(int required, int optional, boolean varargs) {
        return varargs ? Arity.atLeast(required) : Arity.between(required, required + optional);
    }
}
