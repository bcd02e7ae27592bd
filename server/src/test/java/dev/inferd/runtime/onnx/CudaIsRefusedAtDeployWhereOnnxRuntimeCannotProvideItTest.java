package dev.inferd.runtime.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.inferd.config.OnnxSettings;
import dev.inferd.config.OnnxSettings.ExecutionProvider;
import dev.inferd.testing.HttpAnswer;
import dev.inferd.testing.TestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * docs/onnx-runtime.md, GPU: a model asked to run on CUDA, by its manifest or by the server's
 * {@code --onnx-execution-provider}, is refused at deploy where ONNX Runtime cannot give it CUDA,
 * with a message that names what is missing, rather than served on the CPU unasked. The default
 * build has ONNX Runtime's CPU package, which has no CUDA provider at all, and that is the build
 * these tests run on.
 */
class CudaIsRefusedAtDeployWhereOnnxRuntimeCannotProvideItTest {
    private static final String WHAT_IS_MISSING = "this server's ONNX Runtime build has no CUDA provider (ONNX Runtime: ";
    private static final String WHAT_CUDA_NEEDS = "); CUDA needs the server built with ONNX Runtime's GPU package (Maven profile -Pgpu)"
            + " on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9; or deploy with onnx: {execution_provider: cpu}";

    @RegisterExtension
    static final TestServer onCpu = TestServer.perClass();

    @RegisterExtension
    static final TestServer onCudaByDefault = TestServer.perClass(settings -> settings
            .set(OnnxSettings::executionProvider, ExecutionProvider.CUDA));

    @BeforeAll
    static void assumeTheCpuPackage() {
        // Built with -Pgpu, ONNX Runtime has the provider, and whether it starts is up to the machine.
        assumeFalse(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "ONNX Runtime's GPU package is on the class path");
    }

    private static HttpAnswer deployLinear(TestServer server, String name, String onnxKeys) {
        return OnnxBundles.deploy(server, name, "runtime: onnx\nmodel: linear.onnx\n" + onnxKeys,
                Map.of("linear.onnx", OnnxBundles.testModel("linear")));
    }

    @Test
    void aManifestAskingForCudaFailsTheDeployNamingWhatIsMissingAndOnnxRuntimesOwnMessage() {
        HttpAnswer answer = deployLinear(onCpu, "linear_on_cuda", "onnx: {execution_provider: cuda}\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorCode()).isEqualTo("bad_request");
        assertThat(answer.errorMessage())
                .startsWith("onnx.execution_provider: cuda, but " + WHAT_IS_MISSING)
                .contains("Failed to find CUDA shared provider")
                .endsWith(WHAT_CUDA_NEEDS);
        assertThat(onCpu.get("/api/deployments/linear_on_cuda").status()).isEqualTo(404);
    }

    @Test
    void aServerWhoseDefaultIsCudaRefusesAModelWhoseManifestDoesNotSay() {
        HttpAnswer answer = deployLinear(onCudaByDefault, "linear_default", "");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorMessage())
                .startsWith("the server's --onnx-execution-provider is cuda, but " + WHAT_IS_MISSING)
                .endsWith(WHAT_CUDA_NEEDS);
    }

    @Test
    void aServerWhoseDefaultIsCudaServesAModelWhoseManifestSaysCpu() {
        HttpAnswer answer = deployLinear(onCudaByDefault, "linear_on_cpu", "onnx: {execution_provider: cpu}\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        assertThat(onCudaByDefault.call("linear_on_cpu", "[1, 2, 3]").body()).isEqualTo("{\"data\":[4.5,4.5]}");
    }

    @Test
    void anExecutionProviderOtherThanCpuOrCudaFailsTheDeployNamingBoth() {
        HttpAnswer answer = deployLinear(onCpu, "linear_on_rocm", "onnx: {execution_provider: rocm}\n");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.errorMessage()).isEqualTo("onnx.execution_provider: must be cpu or cuda; got 'rocm'");
    }
}
