package dev.inferd.testing;

import dev.inferd.config.ServerConfig;

import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The configuration a test server starts with: the documented defaults, with settings changed by
 * the accessor of their settings record, as in {@code settings.set(PythonSettings::workers, 1)} or
 * {@code settings.set(ServerConfig::examplesDirectory, Optional.of(examples))}. It works from the
 * records themselves (their components and canonical constructors), so a new setting can be set
 * here with no code of its own, and is checked by its record like any other.
 */
public final class TestSettings {
    /** A component of {@link ServerConfig} or of one of its settings records, named by its accessor. */
    @FunctionalInterface
    public interface Setting<R extends Record, V> extends Function<R, V>, Serializable {
    }

    private ServerConfig config;

    public TestSettings(ServerConfig config) {
        this.config = config;
    }

    public <R extends Record, V> TestSettings set(Setting<R, V> setting, V value) {
        SerializedLambda accessor = accessor(setting);
        Class<?> owner = loaded(accessor.getImplClass().replace('/', '.'));
        String component = accessor.getImplMethodName();
        if (owner == ServerConfig.class) {
            config = copy(config, component, value);
        } else {
            String group = groupOfType(owner);
            config = copy(config, group, copy((Record) read(config, group), component, value));
        }
        return this;
    }

    public ServerConfig config() {
        return config;
    }

    private static SerializedLambda accessor(Setting<?, ?> setting) {
        try {
            Method writeReplace = setting.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            SerializedLambda lambda = (SerializedLambda) writeReplace.invoke(setting);
            if (lambda.getImplMethodKind() != MethodHandleInfo.REF_invokeVirtual) {
                throw new IllegalArgumentException("name a setting by its record's accessor, such as PythonSettings::workers");
            }
            return lambda;
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("name a setting by its record's accessor, such as PythonSettings::workers", e);
        }
    }

    private static Class<?> loaded(String name) {
        try {
            return Class.forName(name, false, TestSettings.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The component of {@link ServerConfig} that holds the settings record {@code type}. */
    private static String groupOfType(Class<?> type) {
        List<String> groups = Arrays.stream(ServerConfig.class.getRecordComponents())
                .filter(component -> component.getType() == type).map(RecordComponent::getName).toList();
        if (groups.size() != 1) {
            throw new IllegalArgumentException(type.getSimpleName() + " is not one of ServerConfig's settings records");
        }
        return groups.get(0);
    }

    private static Object read(Record record, String name) {
        return invoke(() -> componentNamed(record, name).getAccessor().invoke(record));
    }

    /** {@code record} with its component {@code name} replaced by {@code value}, through its canonical constructor. */
    @SuppressWarnings("unchecked")
    private static <R extends Record> R copy(R record, String name, Object value) {
        componentNamed(record, name);
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = components[i].getName().equals(name) ? value : read(record, components[i].getName());
        }
        return (R) invoke(() -> record.getClass().getDeclaredConstructor(types).newInstance(values));
    }

    private static RecordComponent componentNamed(Record record, String name) {
        return Arrays.stream(record.getClass().getRecordComponents()).filter(component -> component.getName().equals(name))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        record.getClass().getSimpleName() + " has no setting " + name + "; name one by its accessor"));
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** A record's own refusal (a value out of range) is thrown as itself. */
    private static Object invoke(Reflective call) {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
