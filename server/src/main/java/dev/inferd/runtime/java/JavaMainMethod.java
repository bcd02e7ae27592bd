package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.runtime.Arity;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds {@code Class#method} in a version's class loader and prepares its overloads. Overloads are
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
        int hash = main.indexOf('#');
        String className = main.substring(0, hash);
        String methodName = main.substring(hash + 1);
        Class<?> type = loadClass(className, loader, userLoaderName);
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new BundleRejectedException("class " + className + " must be public");
        }
        List<Method> candidates = Arrays.stream(type.getMethods())
                .filter(method -> method.getName().equals(methodName) && !method.isBridge() && !method.isSynthetic())
                .sorted(Comparator.comparingInt(Method::getParameterCount))
                .toList();
        if (candidates.isEmpty()) {
            boolean existsButHidden = Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals(methodName));
            throw new BundleRejectedException("class " + className + " has no public method " + methodName
                    + (existsButHidden ? " (it exists but is not public)" : ""));
        }
        Object instance = null;
        if (candidates.stream().anyMatch(method -> !Modifier.isStatic(method.getModifiers()))) {
            instance = instantiate(type, userLoaderName);
        }
        List<JavaEntryPoint> entryPoints = new ArrayList<>();
        for (Method method : candidates) {
            entryPoints.add(prepare(method, instance, mapper));
        }
        refuseOverlappingOverloads(className, methodName, entryPoints);
        return new JavaMainMethod(entryPoints);
    }

    private static Class<?> loadClass(String className, ClassLoader loader, String userLoaderName) {
        try {
            return Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new BundleRejectedException("class " + className + " is not in the bundle");
        } catch (ExceptionInInitializerError e) {
            throw new BundleRejectedException("class " + className + " failed to initialize:\n"
                    + JavaFailureMessages.describe(e.getCause() == null ? e : e.getCause(), userLoaderName));
        } catch (LinkageError e) {
            throw new BundleRejectedException("class " + className + " cannot be loaded: " + e);
        }
    }

    /** One instance per loaded version, made with the public no-argument constructor. */
    private static Object instantiate(Class<?> type, String userLoaderName) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new BundleRejectedException("main is an instance method, so " + type.getName()
                    + " needs a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new BundleRejectedException("the constructor of " + type.getName() + " failed:\n"
                    + JavaFailureMessages.describe(e.getCause(), userLoaderName));
        } catch (ReflectiveOperationException e) {
            throw new BundleRejectedException("cannot create an instance of " + type.getName() + ": " + e);
        }
    }

    private static JavaEntryPoint prepare(Method method, Object instance, ObjectMapper mapper) {
        MethodHandle handle;
        try {
            handle = MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException e) {
            throw new BundleRejectedException("method " + method + " is not accessible: " + e.getMessage());
        }
        if (!Modifier.isStatic(method.getModifiers())) {
            handle = handle.bindTo(instance);
        }
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

    private static void refuseOverlappingOverloads(String className, String methodName, List<JavaEntryPoint> entryPoints) {
        for (int i = 0; i < entryPoints.size(); i++) {
            for (int j = i + 1; j < entryPoints.size(); j++) {
                Arity.Range a = entryPoints.get(i).argumentCounts();
                Arity.Range b = entryPoints.get(j).argumentCounts();
                if (a.min() <= b.max() && b.min() <= a.max()) {
                    throw new BundleRejectedException("the overloads of " + className + "#" + methodName
                            + " cannot be told apart by argument count: " + signature(entryPoints.get(i).method())
                            + " and " + signature(entryPoints.get(j).method())
                            + "; rename one or give them different numbers of parameters");
                }
            }
        }
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getGenericParameterTypes())
                .map(Type::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
