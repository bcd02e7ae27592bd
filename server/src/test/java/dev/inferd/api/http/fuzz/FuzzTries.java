package dev.inferd.api.http.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets {@code -Dinferd.fuzz.tries=N} override the tries of every fuzz property, e.g. a long run
 * overnight (10000) or a quick smoke run (20); without it each property keeps its own CI budget.
 */
public final class FuzzTries implements AroundPropertyHook {
    static final String PROPERTY = "inferd.fuzz.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty(PROPERTY);
        if (tries != null && !tries.isBlank()) {
            context.attributes().setTries(Integer.parseInt(tries.trim()));
        }
        return property.execute();
    }
}
