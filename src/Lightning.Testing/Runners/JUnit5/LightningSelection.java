package lightning.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.Set;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * Agent Lightning's selection of test methods by the names reports give them. --select-method needs parameter types the
 * launcher can load (java.lang.String), but a report names them simply (named(String)), so a test picked from a report
 * cannot always be selected that way. The runner then selects their classes and names the methods in the file
 * LIGHTNING_JUNIT_SELECT: one "Class TAB method(types)" line each, the types simple (as the legacy report writes them)
 * or as the launcher writes them (java.lang.String); "Class TAB *" for a class selected whole. Registered through META-INF/services, this filter keeps those
 * methods and drops every other; without the variable it keeps everything.
 */
public final class LightningSelection implements PostDiscoveryFilter {
    private final Set<String> methods = read(System.getenv("LIGHTNING_JUNIT_SELECT"));

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (methods == null) {
            return FilterResult.included("no selection by name");
        }
        TestSource source = descriptor.getSource().orElse(null);
        if (!(source instanceof MethodSource)) {
            // Classes stay; the launcher prunes those left without tests.
            return FilterResult.included("not a method");
        }
        MethodSource method = (MethodSource) source;
        String key = method.getClassName() + "\t";
        boolean selected = methods.contains(key + descriptor.getLegacyReportingName())
            || methods.contains(key + method.getMethodName() + "(" + method.getMethodParameterTypes() + ")")
            || wholeClass(method.getClassName());
        return selected ? FilterResult.included("selected by name") : FilterResult.excluded("not selected by name");
    }

    /** A class selected whole ("Class TAB *"): its methods and those of the classes nested in it. */
    private boolean wholeClass(String className) {
        for (int end = className.length(); end > 0; end = className.lastIndexOf('$', end - 1)) {
            if (methods.contains(className.substring(0, end) + "\t*")) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> read(String path) {
        if (path == null || path.isEmpty()) {
            return null;
        }
        try {
            return new HashSet<>(Files.readAllLines(Paths.get(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            // Running every test of the classes instead of the ones asked for would be a wrong answer, not a slow one.
            throw new UncheckedIOException("Agent Lightning's test selection file " + path + " cannot be read", e);
        }
    }
}
