package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.runtime.Arity;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Prepares the overloads of {@code Class#method} for a version called once per item. Overloads are
 * told apart by argument count only; two whose counts overlap (say {@code f(int)} and
 * {@code f(String)}) would need guessing from JSON types, so they are a deploy error.
 */
final class JavaMainMethod {
    private final List<JavaEntryPoint> entryPoints;
    private final Arity arity;

    private JavaMainMethod(List<JavaEntryPoint> entryPoints) {
        this.entryPoints = entryPoints;
        this.arity = new Arity(entryPoints.stream().map(JavaEntryPoint::argumentCounts).toList());
    }

    Arity arity() {
        return arity;
    }

    JavaEntryPoint forArgumentCount(int count) {
        for (JavaEntryPoint entryPoint : entryPoints) {
            Arity.Range range = entryPoint.argumentCounts();
            if (count >= range.min() && count <= range.max()) {
                return entryPoint;
            }
        }
        return null;
    }

    static JavaMainMethod resolve(String main, ClassLoader loader, ObjectMapper mapper, String userLoaderName) {
        NamedMethods named = NamedMethods.find(main, loader, userLoaderName);
        List<JavaEntryPoint> entryPoints = new ArrayList<>();
        for (Method method : named.methods()) {
            entryPoints.add(prepare(method, named.handle(method), mapper));
        }
        refuseOverlappingOverloads(main, entryPoints);
        return new JavaMainMethod(entryPoints);
    }

    private static JavaEntryPoint prepare(Method method, MethodHandle handle, ObjectMapper mapper) {
        int parameterCount = method.getParameterCount();
        MethodHandle spread = handle.asFixedArity()
                .asType(MethodType.genericMethodType(parameterCount))
                .asSpreader(Object[].class, parameterCount);
        Type[] parameterTypes = method.getGenericParameterTypes();
        int fixed = method.isVarArgs() ? parameterCount - 1 : parameterCount;
        ParameterReader[] readers = new ParameterReader[fixed];
        for (int i = 0; i < fixed; i++) {
            readers[i] = new ParameterReader(mapper.readerFor(mapper.constructType(parameterTypes[i])),
                    method.getParameterTypes()[i]);
        }
        ParameterReader varargsReader = null;
        Class<?> varargsComponent = null;
        if (method.isVarArgs()) {
            JavaType arrayType = mapper.constructType(parameterTypes[parameterCount - 1]);
            varargsComponent = method.getParameterTypes()[parameterCount - 1].getComponentType();
            varargsReader = new ParameterReader(mapper.readerFor(arrayType.getContentType()), varargsComponent);
        }
        DirectInvoker direct = DirectInvoker.of(method, handle.asFixedArity(), readers).orElse(null);
        return new JavaEntryPoint(method, spread, readers, varargsReader, varargsComponent, direct);
    }

    private static void refuseOverlappingOverloads(String main, List<JavaEntryPoint> entryPoints) {
        for (int i = 0; i < entryPoints.size(); i++) {
            for (int j = i + 1; j < entryPoints.size(); j++) {
                Arity.Range a = entryPoints.get(i).argumentCounts();
                Arity.Range b = entryPoints.get(j).argumentCounts();
                if (a.min() <= b.max() && b.min() <= a.max()) {
                    throw new BundleRejectedException("the overloads of " + main
                            + " cannot be told apart by argument count: " + NamedMethods.signature(entryPoints.get(i).method())
                            + " and " + NamedMethods.signature(entryPoints.get(j).method())
                            + "; rename one or give them different numbers of parameters");
                }
            }
        }
    }
}
