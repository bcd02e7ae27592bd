package dev.inferd.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.inferd.registry.Deployment;
import dev.inferd.registry.DeploymentVersion;
import dev.inferd.runtime.ModelSignature;

import java.util.List;

/**
 * One version as the management API describes it, alone ({@code GET .../versions/{n}}) or in the
 * list of a deployment's versions.
 */
record VersionDescription(int number, String runtime, String main, String createdAt, String contentHash,
                          List<String> aliases, boolean latest,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ModelSignature.Tensor> inputs,
                          @JsonInclude(JsonInclude.Include.NON_NULL) List<ModelSignature.Tensor> outputs) {

    static VersionDescription of(Deployment deployment, DeploymentVersion version) {
        return new VersionDescription(version.number(), version.runtime(), version.main(),
                version.createdAt().toString(), version.contentHash(), deployment.aliasesOf(version.number()),
                version.number() == deployment.latest().number(), null, null);
    }

    /** With the inputs and outputs the version's model declares (ONNX). */
    VersionDescription with(ModelSignature signature) {
        return new VersionDescription(number, runtime, main, createdAt, contentHash, aliases, latest,
                signature.inputs(), signature.outputs());
    }

    /** The deployment's versions, oldest first. */
    static List<VersionDescription> allOf(Deployment deployment) {
        return deployment.versionList().stream().map(version -> of(deployment, version)).toList();
    }
}
