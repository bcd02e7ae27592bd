package dev.inferd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code inferd call NAME[/REF] JSON}: posts {@code {"data": JSON}} and prints the answer. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call a deployment: inferd call example_doubler 10, or inferd call example_doubler/2 '[[1, 10], [2, 11]]'.")
public final class CallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[/REF]", description = "Deployment, optionally with a version number or alias.")
    String target;

    @Parameters(index = "1", paramLabel = "JSON", description = "The data: the arguments, or a batch of [ID, args...] items.")
    String data;

    @Option(names = "--server", defaultValue = "http://127.0.0.1:8080",
            description = "The server's URL (default: ${DEFAULT-VALUE}).")
    String server;

    @Override
    public Integer call() throws Exception {
        try {
            new ObjectMapper().readTree(data);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "JSON is not valid JSON: " + e.getOriginalMessage());
        }
        int slash = target.indexOf('/');
        String path = slash < 0
                ? "v1/" + encode(target) + "/latest"
                : "v1/" + encode(target.substring(0, slash)) + "/" + encode(target.substring(slash + 1));
        byte[] body = ("{\"data\": " + data + "}").getBytes(StandardCharsets.UTF_8);
        ServerClient.Answer answer = new ServerClient(server).post(path, "application/json", body);
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return 1;
        }
        System.out.println(answer.body());
        return 0;
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
