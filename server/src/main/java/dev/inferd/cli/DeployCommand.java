package dev.inferd.cli;

import dev.inferd.bundle.BundleDirectory;
import dev.inferd.bundle.BundlePath;
import dev.inferd.bundle.BundleZip;
import dev.inferd.bundle.Manifest;
import dev.inferd.bundle.ManifestParser;
import dev.inferd.registry.DeploymentName;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.concurrent.Callable;

/** {@code inferd deploy DIR}: zips a bundle directory and posts it as a new version. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploy a bundle directory (with inferd.yaml) to a running server.",
                "Hidden files and folders, __pycache__ folders, *.pyc files, symbolic links and other files that are not"
                        + " regular files are left out; each is named on standard error, one line each, before anything is sent."})
public final class DeployCommand implements Callable<Integer> {
    private final ManifestParser manifestParser;

    @Parameters(index = "0", paramLabel = "DIR", description = "The bundle directory.")
    Path directory;

    @Option(names = "--name", description = "Deployment name (default: the manifest's name:, else the directory name).")
    String name;

    @Mixin
    ServerOptions serverOptions;

    /** @param manifestParser checks the manifest before anything is sent, with the sections of the runtimes it knows */
    public DeployCommand(ManifestParser manifestParser) {
        this.manifestParser = manifestParser;
    }

    /** Checks the manifest's common keys only, and leaves each runtime's part to the server. */
    public DeployCommand() {
        this(new ManifestParser());
    }

    @Override
    public Integer call() throws Exception {
        SortedMap<String, Path> files = BundleDirectory.list(directory, leftOut ->
                System.err.println("leaving out " + leftOut.path() + " (" + leftOut.reason() + ")"));
        files.keySet().forEach(BundlePath::check);
        // Parsing the manifest here catches a broken one before anything is sent.
        Manifest manifest = manifestParser.parse(Files.readAllBytes(files.get(Manifest.FILE_NAME)));
        Path absolute = directory.toAbsolutePath().normalize();
        String deploymentName = name != null ? name : manifest.name().orElse(absolute.getFileName().toString());
        new DeploymentName(deploymentName);
        // Zipped to a file, then sent from it: a bundle with a large model never sits in memory.
        Path zip = Files.createTempFile("inferd-deploy-", ".zip");
        ServerClient.Answer answer;
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(zip), 1 << 16)) {
                BundleZip.write(files, out);
            }
            answer = serverOptions.client().post(
                    "api/deployments/" + ServerClient.segment(deploymentName) + "/versions", "application/zip", zip);
        } finally {
            Files.deleteIfExists(zip);
        }
        if (!answer.ok()) {
            System.err.println("deploy failed: " + answer.errorMessage());
            return 1;
        }
        int version = answer.json().path("version").asInt();
        boolean created = answer.json().path("created").asBoolean();
        System.out.println(created
                ? "deployed " + deploymentName + " version " + version
                : deploymentName + " is unchanged at version " + version);
        return 0;
    }
}
