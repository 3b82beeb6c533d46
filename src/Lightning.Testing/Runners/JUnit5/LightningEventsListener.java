package lightning.junit;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.listeners.LegacyReportingUtils;

/**
 * Agent Lightning's live events for the JUnit Platform: registered through META-INF/services, it appends one JSON
 * object per line to the file named by LIGHTNING_TEST_EVENTS. Class and case names are the ones the legacy XML
 * reporter writes (LegacyReportingUtils), so live events and the report name every test alike.
 */
@SuppressWarnings("deprecation")
public final class LightningEventsListener implements TestExecutionListener {
    private final Writer out;
    private final Set<String> reported = new HashSet<>();
    private final Map<String, Long> started = new java.util.HashMap<>();
    private TestPlan plan;
    private final PerTestCoverage perTestCoverage = new PerTestCoverage(System.getenv("LIGHTNING_JACOCO_PER_TEST"));

    public LightningEventsListener() {
        Writer writer = null;
        String path = System.getenv("LIGHTNING_TEST_EVENTS");
        if (path != null && !path.isEmpty()) {
            try {
                writer = new OutputStreamWriter(new FileOutputStream(path, true), StandardCharsets.UTF_8);
            } catch (IOException e) {
                writer = null;
            }
        }
        this.out = writer;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        this.plan = testPlan;
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing more to say.
            }
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (id.isTest()) {
            perTestCoverage.started();
            start(id);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            start(id);
            finish(id, "skipped", null, reason, "disabled");
            return;
        }
        // The legacy report lists every test of a skipped container as skipped with the container's reason.
        for (TestIdentifier test : descendantTests(id)) {
            start(test);
            finish(test, "skipped", null, reason, "disabled");
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest()) {
            perTestCoverage.finished(id);
            finishWith(id, result);
            return;
        }
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            // Tests a failed or aborted container never ran: the legacy report gives them the container's result.
            for (TestIdentifier test : descendantTests(id)) {
                if (!reported.contains(test.getUniqueId())) {
                    start(test);
                    finishWith(test, result);
                }
            }
        }
    }

    @Override
    public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
        if (!id.isTest()) {
            return;
        }
        for (Map.Entry<String, String> pair : entry.getKeyValuePairs().entrySet()) {
            String key = pair.getKey();
            if (key.equals("stdout") || key.equals("stderr")) {
                emit("{\"e\":\"output\",\"k\":" + json(id.getUniqueId()) + ",\"stream\":" + json(key) + ",\"text\":" + json(pair.getValue()) + "}");
            }
        }
    }

    private Set<TestIdentifier> descendantTests(TestIdentifier container) {
        Set<TestIdentifier> tests = new java.util.LinkedHashSet<>();
        if (plan == null) {
            return tests;
        }
        for (TestIdentifier descendant : plan.getDescendants(container)) {
            if (descendant.isTest()) {
                tests.add(descendant);
            }
        }
        return tests;
    }

    private void start(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
        String className = plan == null ? "" : LegacyReportingUtils.getClassName(plan, id);
        String selector = null;
        TestSource source = id.getSource().orElse(null);
        if (source instanceof MethodSource) {
            MethodSource method = (MethodSource) source;
            selector = method.getClassName() + "#" + method.getMethodName() + "(" + method.getMethodParameterTypes() + ")";
        }
        String suite = plan == null ? "JUnit Platform" : root(id).getDisplayName();
        emit("{\"e\":\"start\",\"k\":" + json(id.getUniqueId()) + ",\"suite\":" + json(suite) + ",\"className\":" + json(className)
            + ",\"name\":" + json(id.getLegacyReportingName()) + ",\"display\":" + json(id.getDisplayName())
            + ",\"selector\":" + json(selector) + "}");
    }

    private TestIdentifier root(TestIdentifier id) {
        TestIdentifier current = id;
        while (true) {
            java.util.Optional<TestIdentifier> parent = plan.getParent(current);
            if (!parent.isPresent()) {
                return current;
            }
            current = parent.get();
        }
    }

    private void finishWith(TestIdentifier id, TestExecutionResult result) {
        switch (result.getStatus()) {
            case SUCCESSFUL:
                finish(id, "passed", null, null, null);
                break;
            case ABORTED:
                finish(id, "skipped", null, result.getThrowable().map(Throwable::getMessage).orElse(null), "aborted");
                break;
            default:
                Throwable error = result.getThrowable().orElse(null);
                String outcome = error instanceof AssertionError ? "failed" : "errored";
                finish(id, outcome, error, null, null);
                break;
        }
    }

    private void finish(TestIdentifier id, String outcome, Throwable error, String skipMessage, String skipType) {
        reported.add(id.getUniqueId());
        StringBuilder line = new StringBuilder("{\"e\":\"finish\",\"k\":").append(json(id.getUniqueId()))
            .append(",\"outcome\":").append(json(outcome));
        Long start = started.remove(id.getUniqueId());
        if (start != null) {
            line.append(",\"duration\":").append((System.nanoTime() - start) / 1e9);
        }
        if (error != null) {
            StringWriter stack = new StringWriter();
            error.printStackTrace(new PrintWriter(stack));
            line.append(",\"failure\":{\"kind\":").append(json(outcome.equals("failed") ? "failure" : "error"))
                .append(",\"message\":").append(json(error.getMessage()))
                .append(",\"type\":").append(json(error.getClass().getName()))
                .append(",\"stack\":").append(json(stack.toString())).append('}');
        }
        if (outcome.equals("skipped")) {
            line.append(",\"skip\":{\"message\":").append(json(skipMessage)).append(",\"type\":").append(json(skipType)).append('}');
        }
        emit(line.append('}').toString());
    }

    private synchronized void emit(String line) {
        if (out == null) {
            return;
        }
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // The runner reads the report in the end; a lost live event is not worth failing a test run.
        }
    }

    private static String json(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder text = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': text.append("\\\""); break;
                case '\\': text.append("\\\\"); break;
                case '\n': text.append("\\n"); break;
                case '\r': text.append("\\r"); break;
                case '\t': text.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        text.append(String.format("\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
            }
        }
        return text.append('"').toString();
    }

    /**
     * Per-test coverage for test selection: with LIGHTNING_JACOCO_PER_TEST naming a directory and the JaCoCo agent
     * loaded, the agent's execution data is reset when a test starts and written to N.exec when it ends, with a line
     * "N, class, method, parameter types" (tab-separated) in tests.tsv. The agent is reached by reflection, so the
     * listener needs no JaCoCo jar to compile or to run without it.
     */
    private static final class PerTestCoverage {
        private final java.io.File directory;
        private Object agent;
        private java.lang.reflect.Method executionData;
        private int count;

        PerTestCoverage(String path) {
            java.io.File folder = null;
            if (path != null && !path.isEmpty()) {
                try {
                    Object found = Class.forName("org.jacoco.agent.rt.RT").getMethod("getAgent").invoke(null);
                    executionData = found.getClass().getMethod("getExecutionData", boolean.class);
                    executionData.setAccessible(true);
                    agent = found;
                    folder = new java.io.File(path);
                    folder.mkdirs();
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    System.err.println("lightning: per-test coverage needs the JaCoCo agent: " + e);
                    folder = null;
                }
            }
            this.directory = folder;
        }

        void started() {
            if (directory != null) {
                take();
            }
        }

        void finished(TestIdentifier id) {
            if (directory == null) {
                return;
            }
            byte[] data = take();
            if (data == null || !id.getSource().isPresent() || !(id.getSource().get() instanceof MethodSource)) {
                return;
            }
            MethodSource method = (MethodSource) id.getSource().get();
            int number = count++;
            try {
                java.nio.file.Files.write(new java.io.File(directory, number + ".exec").toPath(), data);
                String line = number + "\t" + method.getClassName() + "\t" + method.getMethodName() + "\t" + method.getMethodParameterTypes() + "\n";
                java.nio.file.Files.write(new java.io.File(directory, "tests.tsv").toPath(), line.getBytes(StandardCharsets.UTF_8),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.err.println("lightning: could not write per-test coverage: " + e);
            }
        }

        private byte[] take() {
            try {
                return (byte[]) executionData.invoke(agent, true);
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
    }
}
