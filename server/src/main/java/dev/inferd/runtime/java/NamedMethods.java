package dev.inferd.runtime.java;

import dev.inferd.error.BundleRejectedException;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The public methods that {@code main: Class#method} names, found in a version's class loader, fewest
 * parameters first; whichever way the version is called ({@link JavaMainMethod} per item,
 * {@link JavaRowsMethod} per chunk of rows) picks among them. Instance methods share one instance of
 * the class, made when the first of them is prepared: a {@code batch: rows} signature that is
 * refused is refused before that, so its constructor never runs.
 */
final class NamedMethods {
    private final String main;
    private final Class<?> type;
    private final List<Method> methods;
    private final String userLoaderName;
    private Object instance;

    private NamedMethods(String main, Class<?> type, List<Method> methods, String userLoaderName) {
        this.main = main;
        this.type = type;
        this.methods = methods;
        this.userLoaderName = userLoaderName;
    }

    /** Loads and initializes the class, so its static initializers run now, at deploy time. */
    static NamedMethods find(String main, ClassLoader loader, String userLoaderName) {
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
        return new NamedMethods(main, type, candidates, userLoaderName);
    }

    /** {@code Class#method} as the manifest writes it, for messages. */
    String main() {
        return main;
    }

    List<Method> methods() {
        return methods;
    }

    /** The method's handle, bound to the class's one instance when it is an instance method. */
    MethodHandle handle(Method method) {
        MethodHandle handle;
        try {
            handle = MethodHandles.publicLookup().unreflect(method);
        } catch (IllegalAccessException e) {
            throw new BundleRejectedException("method " + method + " is not accessible: " + e.getMessage());
        }
        return Modifier.isStatic(method.getModifiers()) ? handle : handle.bindTo(instance());
    }

    /** {@code score(long, long)}: the name and the parameter types, as overload messages name a method. */
    static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getGenericParameterTypes())
                .map(Type::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
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
    private Object instance() {
        if (instance == null) {
            instance = instantiate();
        }
        return instance;
    }

    private Object instantiate() {
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
}
