package dev.inferd.registry;

import dev.inferd.runtime.LoadedModel;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every loaded model is wrapped in a {@link DrainingModel}; a default method of {@link LoadedModel}
 * it did not override would answer the default instead of what the runtime says (a whole-batch
 * function's batch size, say), and calls would quietly run another way.
 */
class ADrainingModelPassesOnEverythingItsModelSaysTest {

    @Test
    void itOverridesEveryMethodOfLoadedModel() throws NoSuchMethodException {
        for (Method method : LoadedModel.class.getMethods()) {
            if (method.isDefault()) {
                Method own = DrainingModel.class.getMethod(method.getName(), method.getParameterTypes());
                assertThat(own.getDeclaringClass()).as(method.getName()).isEqualTo(DrainingModel.class);
            }
        }
        assertThat(Arrays.stream(LoadedModel.class.getMethods()).filter(Method::isDefault)).isNotEmpty();
    }
}
