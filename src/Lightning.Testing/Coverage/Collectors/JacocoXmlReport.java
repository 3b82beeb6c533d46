// Writes a JaCoCo XML report from an execution data file, as `java -jar jacococli.jar report --xml` does, for machines
// where only the JaCoCo libraries are installed (Debian libjacoco-java ships no CLI). Run as a single-file program:
//   java -cp org.jacoco.core.jar:org.jacoco.report.jar:asm*.jar JacocoXmlReport.java <exec> <xml> <name> --classes <dir>... [--sources <dir>...] [--each <dir>]
// With --each, every N.exec in that directory (one test's execution data) also gets its own report N.xml beside it.
// Lightning.Testing embeds this file and writes it next to the coverage output (CoverageCollectors).
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.jacoco.core.analysis.Analyzer;
import org.jacoco.core.analysis.CoverageBuilder;
import org.jacoco.core.analysis.IBundleCoverage;
import org.jacoco.core.tools.ExecFileLoader;
import org.jacoco.report.DirectorySourceFileLocator;
import org.jacoco.report.IReportVisitor;
import org.jacoco.report.MultiSourceFileLocator;
import org.jacoco.report.xml.XMLFormatter;

public final class JacocoXmlReport {
    public static void main(String[] args) throws IOException {
        if (args.length < 5) {
            System.err.println("usage: JacocoXmlReport <exec> <xml> <name> --classes <dir>... [--sources <dir>...]");
            System.exit(2);
        }
        File exec = new File(args[0]);
        File xml = new File(args[1]);
        String name = args[2];
        List<File> classes = new ArrayList<>();
        List<File> sources = new ArrayList<>();
        List<File> each = new ArrayList<>();
        List<File> current = null;
        for (int i = 3; i < args.length; i++) {
            switch (args[i]) {
                case "--classes": current = classes; break;
                case "--sources": current = sources; break;
                case "--each": current = each; break;
                default:
                    if (current == null) {
                        System.err.println("expected --classes or --sources before " + args[i]);
                        System.exit(2);
                    }
                    current.add(new File(args[i]));
            }
        }

        write(exec, xml, name, classes, sources);
        for (File directory : each) {
            File[] files = directory.listFiles((folder, file) -> file.endsWith(".exec"));
            for (File one : files == null ? new File[0] : files) {
                String stem = one.getName().substring(0, one.getName().length() - ".exec".length());
                write(one, new File(directory, stem + ".xml"), name, classes, sources);
            }
        }
    }

    private static void write(File exec, File xml, String name, List<File> classes, List<File> sources) throws IOException {
        ExecFileLoader loader = new ExecFileLoader();
        if (exec.exists()) {
            loader.load(exec);
        } else {
            // No test ran instrumented code: report every class as uncovered rather than fail.
            System.err.println("warning: " + exec + " does not exist; every class is reported as not covered");
        }
        CoverageBuilder builder = new CoverageBuilder();
        Analyzer analyzer = new Analyzer(loader.getExecutionDataStore(), builder);
        for (File directory : classes) {
            analyzer.analyzeAll(directory);
        }
        IBundleCoverage bundle = builder.getBundle(name);

        MultiSourceFileLocator locator = new MultiSourceFileLocator(4);
        for (File directory : sources) {
            locator.add(new DirectorySourceFileLocator(directory, "UTF-8", 4));
        }
        File parent = xml.getAbsoluteFile().getParentFile();
        if (parent != null) {
            parent.mkdirs();
        }
        try (OutputStream out = new FileOutputStream(xml)) {
            XMLFormatter formatter = new XMLFormatter();
            formatter.setOutputEncoding("UTF-8");
            IReportVisitor visitor = formatter.createVisitor(out);
            visitor.visitInfo(loader.getSessionInfoStore().getInfos(), loader.getExecutionDataStore().getContents());
            visitor.visitBundle(bundle, locator);
            visitor.visitEnd();
        }
    }
}
