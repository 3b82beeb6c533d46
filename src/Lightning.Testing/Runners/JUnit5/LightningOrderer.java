package lightning.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;

/**
 * Agent Lightning's test order for JUnit Jupiter (5.8+), set as both junit.jupiter.testclass.order.default and
 * junit.jupiter.testmethod.order.default, so the user's project is not changed. The configuration parameter
 * lightning.junit.order.file names a UTF-8 file with one test per line, in the wanted order: the class's binary name
 * (as the legacy report names it, Outer$Nested for a nested class), a tab, and the method's legacy name
 * (name(SimpleType, ...)). Classes take the place of their first listed test (an enclosing class that of its nested
 * classes' tests too), methods their own; unlisted ones come after, in the order Jupiter gave them (its default: the
 * sorts are stable). A class with its own @TestMethodOrder keeps it: Jupiter asks the default orderer only for the
 * others. Jupiter 5.9 applies the default class orderer to top-level classes only, so @Nested classes keep their order.
 */
public final class LightningOrderer implements ClassOrderer, MethodOrderer {
    public static final String ORDER_FILE = "lightning.junit.order.file";

    /** The parsed files by path: Jupiter may make an orderer per class, and every one reads the same file. */
    private static final Map<String, Ranks> RANKS = new ConcurrentHashMap<>();

    @Override
    public void orderClasses(ClassOrdererContext context) {
        Ranks ranks = context.getConfigurationParameter(ORDER_FILE).map(LightningOrderer::ranks).orElse(null);
        if (ranks == null) {
            return;
        }
        sort(context.getClassDescriptors(), descriptor -> ranks.classes.get(descriptor.getTestClass().getName()));
    }

    @Override
    public void orderMethods(MethodOrdererContext context) {
        Ranks ranks = context.getConfigurationParameter(ORDER_FILE).map(LightningOrderer::ranks).orElse(null);
        if (ranks == null) {
            return;
        }
        String className = context.getTestClass().getName();
        sort(context.getMethodDescriptors(), descriptor -> ranks.methods.get(className + "\t" + legacyName(descriptor.getMethod())));
    }

    /** Listed ones by rank, then the others in the order they came (List.sort is stable). */
    private static <T> void sort(List<T> items, java.util.function.Function<T, Integer> rank) {
        Map<T, Integer> ranks = new HashMap<>();
        for (T item : items) {
            Integer value = rank.apply(item);
            ranks.put(item, value == null ? Integer.MAX_VALUE : value);
        }
        items.sort(Comparator.comparingInt(ranks::get));
    }

    /** What the legacy report calls a method: name(SimpleType, ...), as MethodBasedTestDescriptor does. */
    static String legacyName(Method method) {
        StringBuilder name = new StringBuilder(method.getName()).append('(');
        Class<?>[] types = method.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            if (i > 0) {
                name.append(", ");
            }
            name.append(types[i].getSimpleName());
        }
        return name.append(')').toString();
    }

    private static Ranks ranks(String path) {
        return RANKS.computeIfAbsent(path, LightningOrderer::read);
    }

    private static Ranks read(String path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // A run asked for an order it cannot have: failing loudly beats running in an order nobody chose.
            throw new UncheckedIOException("Agent Lightning's test order file " + path + " cannot be read", e);
        }
        Map<String, Integer> classes = new HashMap<>();
        Map<String, Integer> methods = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            String className = line.substring(0, tab);
            methods.putIfAbsent(line, i);
            // A nested class's test also places every class enclosing it.
            for (int dollar = className.length(); dollar > 0; dollar = className.lastIndexOf('$', dollar - 1)) {
                classes.putIfAbsent(className.substring(0, dollar), i);
            }
        }
        return new Ranks(Collections.unmodifiableMap(classes), Collections.unmodifiableMap(methods));
    }

    private static final class Ranks {
        final Map<String, Integer> classes;
        final Map<String, Integer> methods;

        Ranks(Map<String, Integer> classes, Map<String, Integer> methods) {
            this.classes = classes;
            this.methods = methods;
        }
    }
}
