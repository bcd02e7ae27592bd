package dev.inferd.runtime.java;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferd.error.BundleRejectedException;
import dev.inferd.runtime.Arity;
import dev.inferd.runtime.Call;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The main method of a version with {@code batch: rows}: one public method whose one parameter is a
 * list or an array of rows, and which returns one result per row, as a list or an array. Each call
 * becomes one row. A row that is itself an array or a list holds the call's arguments, each read as
 * its element type; a row of any other type is the call's one argument, read as that type. Both are
 * read by the rules a parameter is read by, so a row that does not fit fails with the same message.
 */
final class JavaRowsMethod {
    private static final String WANTED = "to take one parameter, a List or an array of rows, and return a List or an array";

    private final String main;
    private final MethodHandle target;
    private final Arity arity;
    /** Reads each argument of a row that is an array or a list, or else the row's one argument. */
    private final ParameterReader reader;
    /** The row's type when it is an array or a list of the arguments; null when the row is the one argument. */
    private final Sequence argumentsRow;
    private final Sequence rowsParameter;
    private final Sequence results;

    private JavaRowsMethod(String main, MethodHandle target, Arity arity, ParameterReader reader, Sequence argumentsRow,
                           Sequence rowsParameter, Sequence results) {
        this.main = main;
        this.target = target;
        this.arity = arity;
        this.reader = reader;
        this.argumentsRow = argumentsRow;
        this.rowsParameter = rowsParameter;
        this.results = results;
    }

    /**
     * @param columns the manifest's {@code columns:}, which fix how many arguments a row of arguments has
     * @throws BundleRejectedException when the method's signature is not one this form can call
     */
    static JavaRowsMethod resolve(String main, List<String> columns, ClassLoader loader, ObjectMapper mapper,
                                  String userLoaderName) {
        NamedMethods named = NamedMethods.find(main, loader, userLoaderName);
        List<Method> methods = named.methods();
        if (methods.size() > 1) {
            // Per item, overloads are told apart by argument count; a chunk of rows has no count to tell them by.
            throw new BundleRejectedException("batch: rows needs one public method " + main + " " + WANTED + "; there are "
                    + methods.size() + ": " + methods.stream().map(JavaRowsMethod::signature).collect(Collectors.joining(", ")));
        }
        Method method = methods.get(0);
        JavaType rowType = method.getParameterCount() == 1
                ? elementType(mapper.constructType(method.getGenericParameterTypes()[0]))
                : null;
        Class<?> returned = method.getReturnType();
        if (rowType == null || !(returned.isArray() || Collection.class.isAssignableFrom(returned))) {
            throw new BundleRejectedException("batch: rows needs " + main + " " + WANTED + "; it is " + signature(method));
        }
        JavaType argumentType = elementType(rowType);
        if (argumentType == null && columns.size() > 1) {
            throw new BundleRejectedException("columns: names " + columns.size() + " arguments, but a row of "
                    + rowType.getRawClass().getSimpleName() + " is an item's one argument; name one column or none, "
                    + "or take rows of arrays or lists");
        }
        ParameterReader reader = argumentType == null
                ? new ParameterReader(mapper.readerFor(rowType), rowType.getRawClass())
                : new ParameterReader(mapper.readerFor(argumentType), argumentType.getRawClass());
        // An array or list row holds the item's arguments, as many as columns: names; a JSON object
        // cannot be read as one, so unlike a Python row it is not an alternative to them.
        Arity arity = argumentType == null ? Arity.exactly(1)
                : columns.isEmpty() ? Arity.atLeast(1) : Arity.exactly(columns.size());
        MethodHandle target = named.handle(method).asFixedArity().asType(MethodType.methodType(Object.class, Object.class));
        return new JavaRowsMethod(main, target, arity, reader,
                argumentType == null ? null : Sequence.of(rowType.getRawClass()),
                Sequence.of(method.getParameterTypes()[0]), Sequence.of(returned));
    }

    /**
     * The type of the elements of an array, or of a list type an {@link ArrayList} can be passed as
     * ({@code List}, {@code Collection}, {@code Iterable}...); null for any other type.
     */
    private static JavaType elementType(JavaType type) {
        if (type.isArrayType()) {
            return type.getContentType();
        }
        Class<?> raw = type.getRawClass();
        if (Iterable.class.isAssignableFrom(raw) && raw.isAssignableFrom(ArrayList.class)) {
            return type.containedTypeOrUnknown(0);
        }
        return null;
    }

    /** {@code long[] score(long[][])}: the parameters alone would hide a wrong result type. */
    private static String signature(Method method) {
        return method.getGenericReturnType().getTypeName() + " " + NamedMethods.signature(method);
    }

    Arity arity() {
        return arity;
    }

    /**
     * The call's arguments as one row.
     *
     * @throws ArgumentBindingException naming the argument that does not fit, or the count
     */
    Object row(Call call) {
        List<JsonNode> arguments = call.arguments();
        int count = arguments.size();
        if (!arity.accepts(count)) {
            throw new ArgumentBindingException("the main function takes " + arity.describe() + ", got " + count);
        }
        if (argumentsRow == null) {
            return reader.bind(arguments.get(0), 0);
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            values[i] = reader.bind(arguments.get(i), i);
        }
        return argumentsRow.of(values, count);
    }

    /**
     * Calls the method with the first {@code count} of {@code rows}.
     *
     * @return its results, one element each, in order; null when it returned null
     * @throws Throwable whatever the method, or the collection it returned, threw
     */
    Object[] call(Object[] rows, int count) throws Throwable {
        Object returned = (Object) target.invokeExact(rowsParameter.of(rows, count));
        return returned == null ? null : results.values(returned);
    }

    /** Why the results of a call cannot be given to its rows: there were not as many. */
    String wrongResultCount(Object[] returned, int rows) {
        String what = returned == null ? "null" : returned.length + (returned.length == 1 ? " result" : " results");
        return main + " returned " + what + " for " + rows + (rows == 1 ? " row" : " rows")
                + "; a batch: rows method returns one result per row, in order";
    }

    /**
     * A Java array type or a collection type: how to make one of given values, and read its values back.
     * Arrays of primitives go through method handles that box and unbox, so a {@code long[]} is filled
     * without reflection's per-element cost.
     */
    private static final class Sequence {
        private static final MethodType SETTER = MethodType.methodType(void.class, Object.class, int.class, Object.class);
        private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class, int.class);
        private static final MethodType LENGTH = MethodType.methodType(int.class, Object.class);

        /** Null for a collection, which is made as an {@link ArrayList}. */
        private final Class<?> component;
        private final MethodHandle setter;
        private final MethodHandle getter;
        private final MethodHandle length;

        private Sequence(Class<?> component, MethodHandle setter, MethodHandle getter, MethodHandle length) {
            this.component = component;
            this.setter = setter;
            this.getter = getter;
            this.length = length;
        }

        static Sequence of(Class<?> type) {
            if (!type.isArray() || !type.getComponentType().isPrimitive()) {
                return new Sequence(type.isArray() ? type.getComponentType() : null, null, null, null);
            }
            return new Sequence(type.getComponentType(), MethodHandles.arrayElementSetter(type).asType(SETTER),
                    MethodHandles.arrayElementGetter(type).asType(GETTER), MethodHandles.arrayLength(type).asType(LENGTH));
        }

        Object of(Object[] values, int count) {
            if (component == null) {
                List<Object> list = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    list.add(values[i]);
                }
                return list;
            }
            Object array = Array.newInstance(component, count);
            if (setter == null) {
                System.arraycopy(values, 0, array, 0, count);
                return array;
            }
            try {
                for (int i = 0; i < count; i++) {
                    setter.invokeExact(array, i, values[i]);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("storing into an array throws no checked exception", e);
            }
            return array;
        }

        Object[] values(Object sequence) throws Throwable {
            if (sequence instanceof Object[] array) {
                return array;
            }
            if (sequence instanceof Collection<?> collection) {
                return collection.toArray();
            }
            int size = (int) length.invokeExact(sequence);
            Object[] values = new Object[size];
            for (int i = 0; i < size; i++) {
                values[i] = (Object) getter.invokeExact(sequence, i);
            }
            return values;
        }
    }
}
