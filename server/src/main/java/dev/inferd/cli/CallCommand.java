package dev.inferd.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code inferd call NAME[/REF] JSON}: posts {@code {"data": JSON}} and prints the answer. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Call a deployment: inferd call example_doubler 10, or inferd call example_doubler/2 '[[1, 10], [2, 11]]'.",
                "JSON is JSON, so a string is quoted twice: inferd call greeter '\"Ada\"'. The answer is printed as the server sent it."})
public final class CallCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME[/REF]", description = "Deployment, optionally with a version number or alias.")
    String target;

    @Parameters(index = "1", paramLabel = "JSON", description = "The data: the arguments, or a batch of [ID, args...] items.")
    String data;

    @Mixin
    ServerOptions serverOptions;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try {
            json.readTree(data);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), "JSON is not valid JSON: " + e.getOriginalMessage() + stringHint(json));
        }
        int slash = target.indexOf('/');
        String path = slash < 0
                ? "v1/" + ServerClient.segment(target) + "/latest"
                : "v1/" + ServerClient.segment(target.substring(0, slash)) + "/" + ServerClient.segment(target.substring(slash + 1));
        byte[] body = ("{\"data\": " + data + "}").getBytes(StandardCharsets.UTF_8);
        ServerClient.Answer answer = serverOptions.client().post(path, "application/json", body);
        if (!answer.ok()) {
            System.err.println(answer.errorMessage());
            return 1;
        }
        System.out.println(answer.body());
        return 0;
    }

    /** Bare words are most often meant as strings; data that starts like an object, array or string was meant as JSON. */
    private String stringHint(ObjectMapper json) throws JsonProcessingException {
        String stripped = data.strip();
        if (stripped.isEmpty() || "{[\"".indexOf(stripped.charAt(0)) >= 0) {
            return "";
        }
        return "; to send the string " + data + ", quote it as JSON: inferd call " + target + " "
                + shellQuoted(json.writeValueAsString(data));
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }
}
