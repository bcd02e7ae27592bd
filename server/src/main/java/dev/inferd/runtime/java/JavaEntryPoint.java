package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferd.runtime.Arity;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

/**
 * One overload of the main method, prepared once per loaded version: a method handle that takes
 * the arguments as an {@code Object[]} (bound to the instance for instance methods) and one JSON
 * reader per declared parameter type.
 */
final class JavaEntryPoint {
    private final Method method;
    private final MethodHandle spreadInvoker;
    private final ParameterReader[] fixedReaders;
    private final ParameterReader varargsReader;
    private final Class<?> varargsComponent;
    /** Made once: a call must not allocate to ask for it. */
    private final Optional<DirectInvoker> direct;

    JavaEntryPoint(Method method, MethodHandle spreadInvoker, ParameterReader[] fixedReaders,
                   ParameterReader varargsReader, Class<?> varargsComponent, DirectInvoker direct) {
        this.method = method;
        this.spreadInvoker = spreadInvoker;
        this.fixedReaders = fixedReaders;
        this.varargsReader = varargsReader;
        this.varargsComponent = varargsComponent;
        this.direct = Optional.ofNullable(direct);
    }

    /** The boxing-free path, when the method's signature allows it. */
    Optional<DirectInvoker> direct() {
        return direct;
    }

    Arity.Range argumentCounts() {
        return varargsReader == null
                ? new Arity.Range(fixedReaders.length, fixedReaders.length)
                : new Arity.Range(fixedReaders.length, Integer.MAX_VALUE);
    }

    Method method() {
        return method;
    }

    /**
     * Binds JSON arguments to the parameter types.
     *
     * @throws ArgumentBindingException naming the argument that did not fit
     */
    Object[] bind(List<JsonNode> arguments) {
        int parameterCount = fixedReaders.length + (varargsReader == null ? 0 : 1);
        Object[] bound = new Object[parameterCount];
        for (int i = 0; i < fixedReaders.length; i++) {
            bound[i] = fixedReaders[i].bind(arguments.get(i), i);
        }
        if (varargsReader != null) {
            int extra = arguments.size() - fixedReaders.length;
            Object rest = Array.newInstance(varargsComponent, extra);
            for (int i = 0; i < extra; i++) {
                Array.set(rest, i, varargsReader.bind(arguments.get(fixedReaders.length + i), fixedReaders.length + i));
            }
            bound[fixedReaders.length] = rest;
        }
        return bound;
    }

    Object invoke(Object[] arguments) throws Throwable {
        return spreadInvoker.invokeExact(arguments);
    }
}
