package dev.inferd.registry;

import dev.inferd.runtime.ForwardingModel;
import dev.inferd.runtime.LoadedModel;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every loaded version is served through a {@link DrainingModel}, and many through a
 * {@link dev.inferd.runtime.DynamicBatcher}, both {@link ForwardingModel}s; so a {@link LoadedModel}
 * method with a default that it does not pass on is answered with the default for every runtime:
 * the {@code batch_size} of a {@code batch: rows} version was once lost that way, and its batches
 * were cut as if it were called per item.
 */
class ARetirableModelPassesEveryQuestionToItsModelTest {

    @Test
    void everyMethodOfALoadedModelIsDeclaredByTheForwardingModel() {
        List<String> notDeclared = Arrays.stream(LoadedModel.class.getMethods())
                .filter(method -> !declaredByForwardingModel(method))
                .map(Method::getName)
                .toList();

        assertThat(notDeclared).isEmpty();
    }

    private static boolean declaredByForwardingModel(Method method) {
        try {
            ForwardingModel.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
