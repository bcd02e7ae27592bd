package dev.inferd.api.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which paths are calls, and what they name, read without the router: {@code /v1/{deployment}} and
 * {@code /v1/{deployment}/{ref}}, each with or without a trailing slash; nothing else.
 */
class CallPathsNameADeploymentAndARefTest {

    @Test
    void aDeploymentAloneCallsItsLatestVersion() {
        assertThat(InferenceApi.callTarget("/v1/doubler")).containsExactly("doubler", "latest");
        assertThat(InferenceApi.callTarget("/v1/doubler/")).containsExactly("doubler", "latest");
    }

    @Test
    void aDeploymentAndARefCallThatRef() {
        assertThat(InferenceApi.callTarget("/v1/doubler/3")).containsExactly("doubler", "3");
        assertThat(InferenceApi.callTarget("/v1/doubler/prod/")).containsExactly("doubler", "prod");
    }

    @Test
    void segmentsAreDecoded() {
        assertThat(InferenceApi.callTarget("/v1/my%2Dmodel/l%61test")).containsExactly("my-model", "latest");
    }

    @Test
    void emptySegmentsAndDeeperPathsAreNotCalls() {
        assertThat(InferenceApi.callTarget("/v1/")).isNull();
        assertThat(InferenceApi.callTarget("/v1//")).isNull();
        assertThat(InferenceApi.callTarget("/v1//3")).isNull();
        assertThat(InferenceApi.callTarget("/v1/doubler//")).isNull();
        assertThat(InferenceApi.callTarget("/v1/doubler/3/more")).isNull();
    }

    @Test
    void batchStatusAndResultLinksAreNotCalls() {
        assertThat(InferenceApi.callTarget("/v1/batches/abc")).isNull();
        assertThat(InferenceApi.callTarget("/v1/results/token")).isNull();
        assertThat(InferenceApi.callTarget("/api/deployments")).isNull();
    }
}
