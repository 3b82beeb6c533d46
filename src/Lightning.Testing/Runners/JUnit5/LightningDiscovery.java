package lightning.junit;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.LegacyReportingUtils;

/**
 * Agent Lightning's test listing for shards: discovers (never runs) what the console launcher's --scan-class-path would
 * run, with the same class path, and prints one line per test method, tab-separated:
 * "method", the --select-method selector (Class#method(fully.qualified.Types)), the legacy class name and the legacy
 * name, as the XML report names the method's cases. A test the launcher cannot select by method (no method source)
 * prints "other" and its unique id: the caller then runs the project whole. The console launcher 1.9 has no discovery
 * command of its own, so this uses the Launcher API it bundles. Arguments: the class path entries; directories are the
 * roots scanned, as the launcher scans directories only.
 */
@SuppressWarnings("deprecation")
public final class LightningDiscovery {
    private LightningDiscovery() {
    }

    public static void main(String[] args) throws Exception {
        List<URL> urls = new ArrayList<>();
        Set<Path> roots = new LinkedHashSet<>();
        for (String arg : args) {
            for (String entry : arg.split(File.pathSeparator)) {
                if (entry.isEmpty()) {
                    continue;
                }
                File file = new File(entry);
                urls.add(file.toURI().toURL());
                if (file.isDirectory()) {
                    roots.add(Paths.get(entry).toAbsolutePath());
                }
            }
        }

        ClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), LightningDiscovery.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectClasspathRoots(roots))
            .build();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request);
        StringBuilder out = new StringBuilder();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                TestSource source = id.getSource().orElse(null);
                if (source instanceof MethodSource) {
                    MethodSource method = (MethodSource) source;
                    // Method containers (parameterized, repeated, factories) are listed; their invocations are found
                    // at run time, and one selector runs them all.
                    if (!id.isTest() && !id.isContainer()) {
                        continue;
                    }
                    out.append("method\t").append(method.getClassName()).append('#').append(method.getMethodName())
                        .append('(').append(method.getMethodParameterTypes()).append(")\t")
                        .append(LegacyReportingUtils.getClassName(plan, id)).append('\t')
                        .append(id.getLegacyReportingName()).append('\n');
                } else if (id.isTest()) {
                    out.append("other\t").append(id.getUniqueId()).append('\n');
                }
            }
        }
        System.out.print(out);
        System.out.flush();
    }
}
