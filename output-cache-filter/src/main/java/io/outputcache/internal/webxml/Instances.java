package io.outputcache.internal.webxml;

import io.outputcache.config.InvalidConfigurationException;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Makes the object an init-param names by its class ({@code redis-credentials-resolver}): the class must exist,
 * be of the expected type and have a public no-argument constructor. Every failure names the class and what was
 * expected ({@link InitParameters} adds the init-param), so that a typo fails at start-up instead of running
 * without the object.
 */
final class Instances {
    private Instances() {
    }

    static <T> T of(String className, Class<T> type) {
        if (className.isEmpty()) {
            throw new InvalidConfigurationException("the value must name a class implementing "
                    + type.getName());
        }
        Class<?> found;
        try {
            // The web application's class loader first: the class usually lives in WEB-INF, not beside the filter.
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            found = Class.forName(className, true, loader != null ? loader : Instances.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InvalidConfigurationException("class " + className
                    + " was not found (" + e + ")", e);
        }
        if (!type.isAssignableFrom(found)) {
            throw new InvalidConfigurationException("class " + className
                    + " does not implement " + type.getName());
        }
        if (Modifier.isAbstract(found.getModifiers())) {
            throw new InvalidConfigurationException("class " + className
                    + " is abstract; name a concrete class");
        }
        try {
            Constructor<?> constructor = found.getConstructor();
            return type.cast(constructor.newInstance());
        } catch (NoSuchMethodException e) {
            throw new InvalidConfigurationException("class " + className
                    + " needs a public constructor without arguments", e);
        } catch (InvocationTargetException e) {
            throw new InvalidConfigurationException("the constructor of " + className
                    + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new InvalidConfigurationException("class " + className
                    + " could not be made: " + e, e);
        }
    }
}
