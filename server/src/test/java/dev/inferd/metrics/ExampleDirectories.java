package dev.inferd.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Examples for {@code serve --examples}, written into a directory before the server starts; each returns the directory. */
final class ExampleDirectories {
    private ExampleDirectories() {
    }

    /** {@code hello_example}: a Java function that greets the name it is given. */
    static Path withHello(Path examples) {
        return withJavaExample(examples, "hello_example", "Hello#greet", "Hello",
                "public class Hello { public static String greet(String name) { return \"hello \" + name; } }");
    }

    /** {@code broken_example}: Java that does not compile. */
    static Path withBroken(Path examples) {
        return withJavaExample(examples, "broken_example", "Broken#run", "Broken",
                "public class Broken { public static int run(int x) { return x }");
    }

    private static Path withJavaExample(Path examples, String name, String main, String className, String source) {
        try {
            Path example = Files.createDirectories(examples.resolve(name));
            Files.writeString(example.resolve("inferd.yaml"), "runtime: java\nmain: " + main + "\n");
            Files.writeString(example.resolve(className + ".java"), source);
            return examples;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
