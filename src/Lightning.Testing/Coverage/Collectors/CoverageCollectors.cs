using System.Reflection;
using Lightning.Core.Errors;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Rules;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Testing.Coverage.Collectors;

/// <summary>
/// For each framework, what makes its ecosystem's coverage tool write a report the platform reads, as a
/// <see cref="CoverageCollection"/> built from the detected project's command:
/// <list type="bullet">
/// <item>pytest: <c>python -m coverage run --rcfile=&lt;ours&gt; -m pytest ...</c> (branches, per-test contexts), then <c>coverage json --show-contexts</c>. coverage.py JSON.</item>
/// <item>Jest: <c>--coverage --coverageReporters=lcovonly --coverageDirectory=&lt;out&gt;</c>. LCOV.</item>
/// <item>go test: <c>-covermode=count -coverpkg=./... -coverprofile=&lt;out&gt;/cover.out</c>. Go profile.</item>
/// <item>JUnit 5: the JaCoCo agent (<c>-javaagent:</c> on the launcher's java, or <c>JAVA_TOOL_OPTIONS</c> for Maven and Gradle), then JaCoCo's report API through <c>JacocoXmlReport.java</c>. JaCoCo XML.</item>
/// <item>RSpec: <c>--require lightning_simplecov.rb</c>, which starts SimpleCov with branch coverage. SimpleCov result set.</item>
/// <item>PHPUnit: <c>php -d pcov.enabled=1 -d pcov.directory=&lt;project&gt; phpunit ... --coverage-clover</c>. Clover.</item>
/// <item>dotnet test: VSTest's <c>--collect "XPlat Code Coverage"</c> (coverlet.collector), or Microsoft.Testing.Platform's <c>--coverage</c> (Microsoft.Testing.Extensions.CodeCoverage). Cobertura.</item>
/// </list>
/// Commands may hold resolved program paths (<c>/usr/bin/python3</c>): programs are recognised by file name.
/// </summary>
public static class CoverageCollectors
{
    public const string NotSupportedCode = "testing.coverage_not_supported";

    static readonly string[] JacocoJars = ["org.jacoco.core.jar", "org.jacoco.report.jar", "asm.jar", "asm-commons.jar", "asm-tree.jar"];

    static readonly string[] ConventionalCodeDirectories = ["src", "lib", "app"];

    /// <summary>The collection for <paramref name="project"/>, whose directory is <paramref name="projectDirectory"/>, writing into <paramref name="outputDirectory"/>.</summary>
    public static CoverageCollection For(DetectedTestProject project, string projectDirectory, string outputDirectory, CoverageCollectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (project.Command.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, NotSupportedCode, $"{project.Name} has no test command, so coverage cannot be collected: {project.Note}");
        }

        options ??= new CoverageCollectorOptions();
        var directory = Path.GetFullPath(projectDirectory);
        var output = Path.GetFullPath(outputDirectory);
        return project.Framework switch
        {
            TestFramework.Pytest => Pytest(project, directory, output, options),
            TestFramework.Jest => Jest(project, output),
            TestFramework.GoTest => Go(project, output),
            TestFramework.Junit5 => JUnit(project, directory, output, options),
            TestFramework.Rspec => Rspec(project, directory, output),
            TestFramework.Phpunit => PhpUnit(project, directory, output, options),
            TestFramework.DotnetTest => Dotnet(project, output),
            _ => throw new LightningException(ErrorKind.Invalid, NotSupportedCode,
                $"Coverage is not collected for {TestFrameworks.Info(project.Framework).DisplayName}: use the custom runner and read the report its tool writes."),
        };
    }

    static CoverageCollection Pytest(DetectedTestProject project, string directory, string output, CoverageCollectorOptions options)
    {
        var command = project.Command;
        // "python -m pytest ..." keeps its interpreter; a bare "pytest" runs under python3.
        var (python, rest) = command.Count >= 3 && command[1] == "-m" && command[2] == "pytest"
            ? (command[0], command.Skip(3).ToList())
            : ("python3", command.Skip(1).ToList());
        var rcfile = Path.Combine(output, "lightning.coveragerc");
        var report = Path.Combine(output, "coverage.json");
        var configuration = string.Join('\n',
            "# Written by Lightning for one coverage run; the project's own coverage configuration is not read.",
            "[run]",
            "branch = True",
            options.PerTestContexts ? "dynamic_context = test_function" : "# no per-test contexts",
            $"data_file = {Path.Combine(output, ".coverage")}",
            $"source = {directory}",
            "omit =",
            "    */site-packages/*",
            "    */dist-packages/*",
            "    */.venv/*",
            "    */venv/*",
            string.Empty);
        return new CoverageCollection
        {
            Framework = TestFramework.Pytest,
            Format = CoverageFormat.CoveragePyJson,
            OutputDirectory = output,
            Report = "coverage.json",
            Command = [python, "-m", "coverage", "run", $"--rcfile={rcfile}", "-m", "pytest", .. rest],
            Files = [new CoverageHelperFile(rcfile, configuration)],
            After = [new CoverageStep([python, "-m", "coverage", "json", $"--rcfile={rcfile}", "--show-contexts", "--ignore-errors", "-o", report])],
            Requirements = ["coverage.py 5 or later in the Python that runs pytest (Debian python3-coverage, or pip install coverage)."],
        };
    }

    static CoverageCollection Jest(DetectedTestProject project, string output) => new()
    {
        Framework = TestFramework.Jest,
        Format = CoverageFormat.Lcov,
        OutputDirectory = output,
        Report = "lcov.info",
        Command = [.. project.Command, "--coverage", "--coverageReporters=lcovonly", $"--coverageDirectory={output}"],
        Requirements = ["Jest's own coverage (istanbul, built in). Files no test loads are reported only when the project sets collectCoverageFrom."],
    };

    static CoverageCollection Go(DetectedTestProject project, string output)
    {
        var command = project.Command.ToList();
        var test = command.FindIndex(argument => argument == "test");
        if (test < 0)
        {
            throw new LightningException(ErrorKind.Invalid, NotSupportedCode, $"{project.Name}: the command '{string.Join(' ', command)}' is not a go test command.");
        }

        // Flags go before the package list, where go test expects its own flags.
        command.InsertRange(test + 1, ["-covermode=count", "-coverpkg=./...", $"-coverprofile={Path.Combine(output, "cover.out")}"]);
        return new CoverageCollection
        {
            Framework = TestFramework.GoTest,
            Format = CoverageFormat.GoProfile,
            OutputDirectory = output,
            Report = "cover.out",
            Command = command,
            Requirements = ["go 1.10 or later (-coverpkg over several packages)."],
        };
    }

    static CoverageCollection JUnit(DetectedTestProject project, string directory, string output, CoverageCollectorOptions options)
    {
        var library = options.JavaLibraryDirectory;
        var agent = Path.Combine(output, "jacocoagent.jar");
        var execution = Path.Combine(output, "jacoco.exec");
        var agentOption = $"-javaagent:{agent}=destfile={execution},append=true";
        var command = project.Command.ToList();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var java = command.FindIndex(argument => Path.GetFileName(argument) == "java");
        if (java < 0)
        {
            // A Maven or Gradle command forks the JVMs that run tests: JAVA_TOOL_OPTIONS reaches every one of them.
            environment["JAVA_TOOL_OPTIONS"] = agentOption;
        }
        else
        {
            command.Insert(java + 1, agentOption);
        }

        // The detected command runs the console launcher on what the runner compiled (Maven and Gradle layouts too).
        var classes = java >= 0 ? [JUnitRule.MainOutput] : project.Variant switch
        {
            "maven" => ["target/classes"],
            "gradle" => ["build/classes/java/main", "build/classes/kotlin/main"],
            _ => new[] { JUnitRule.MainOutput },
        };
        var helper = Path.Combine(output, "JacocoXmlReport.java");
        var classPath = string.Join(Path.PathSeparator, JacocoJars.Select(jar => Path.Combine(library, jar)));
        List<string> report =
        [
            "java", "-cp", classPath, helper, execution, Path.Combine(output, "jacoco.xml"), project.Name,
            "--classes", .. classes.Select(path => Path.Combine(directory, path)),
        ];
        if (project.SourceDirectories.Count > 0)
        {
            report.Add("--sources");
            report.AddRange(project.SourceDirectories.Select(path => Path.Combine(directory, path)));
        }

        if (options.PerTestDirectory is { } perTest)
        {
            // Read by Agent Lightning's JUnit listener, which resets and dumps the agent's data around each test.
            environment["LIGHTNING_JACOCO_PER_TEST"] = perTest;
            report.AddRange(["--each", perTest]);
        }

        return new CoverageCollection
        {
            Framework = TestFramework.Junit5,
            Format = CoverageFormat.JaCoCo,
            OutputDirectory = output,
            Report = "jacoco.xml",
            Command = command,
            Environment = environment,
            Files = [new CoverageHelperFile(helper, Resource("JacocoXmlReport.java"))],
            // Debian's org.jacoco.agent.rt.jar has no Premain-Class; the runnable agent is the jar inside org.jacoco.agent.jar.
            Before = [new CoverageStep(["jar", "xf", Path.Combine(library, "org.jacoco.agent.jar"), "jacocoagent.jar"]) { WorkingDirectory = output }],
            After = [new CoverageStep(report)],
            Requirements = [$"JaCoCo 0.8 and ASM jars in {library} (Debian libjacoco-java), and a JDK 11 or later (jar, single-file java programs)."],
        };
    }

    static CoverageCollection Rspec(DetectedTestProject project, string directory, string output)
    {
        var helper = Path.Combine(output, "lightning_simplecov.rb");
        return new CoverageCollection
        {
            Framework = TestFramework.Rspec,
            Format = CoverageFormat.SimpleCov,
            OutputDirectory = output,
            Report = ".resultset.json",
            Command = [.. project.Command, "--require", helper],
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["LIGHTNING_COVERAGE_DIR"] = output,
                ["LIGHTNING_COVERAGE_ROOT"] = directory,
            },
            Files = [new CoverageHelperFile(helper, Resource("lightning_simplecov.rb"))],
            Requirements = ["The simplecov gem (Debian ruby-simplecov); under Bundler, in the Gemfile's test group."],
        };
    }

    static CoverageCollection PhpUnit(DetectedTestProject project, string directory, string output, CoverageCollectorOptions options)
    {
        var command = project.Command.ToList();
        var settings = new[] { "-d", "pcov.enabled=1", "-d", $"pcov.directory={directory}" };
        if (Path.GetFileName(command[0]) == "php")
        {
            command.InsertRange(1, settings);
        }
        else
        {
            // pcov's settings only take effect at start-up: run the phpunit script through php to pass them.
            var script = Path.IsPathFullyQualified(command[0]) ? command[0]
                : ExecutableSearch.Find(command[0], options.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty);
            if (script is not null)
            {
                command = ["php", .. settings, script, .. command.Skip(1)];
            }
        }

        var report = Path.Combine(output, "clover.xml");
        command.AddRange(["--coverage-clover", report]);
        // Without a <coverage> filter in phpunit.xml PHPUnit 9 measures nothing: name the code's directories.
        foreach (var source in CodeDirectories(project, directory))
        {
            command.AddRange(["--coverage-filter", source]);
        }

        return new CoverageCollection
        {
            Framework = TestFramework.Phpunit,
            Format = CoverageFormat.Clover,
            OutputDirectory = output,
            Report = "clover.xml",
            Command = command,
            Requirements = ["PHPUnit 9 or later and the pcov extension (Debian php-pcov); Xdebug is not used."],
        };
    }

    static IEnumerable<string> CodeDirectories(DetectedTestProject project, string directory)
    {
        if (project.SourceDirectories.Count > 0)
        {
            return project.SourceDirectories.Select(path => Path.Combine(directory, path));
        }

        var conventional = ConventionalCodeDirectories.Select(name => Path.Combine(directory, name)).Where(Directory.Exists).ToList();
        return conventional.Count > 0 ? conventional : [directory];
    }

    static CoverageCollection Dotnet(DetectedTestProject project, string output)
    {
        if (project.Command.Contains("--project"))
        {
            return new CoverageCollection
            {
                Framework = TestFramework.DotnetTest,
                Format = CoverageFormat.Cobertura,
                OutputDirectory = output,
                Report = "coverage.cobertura.xml",
                // The report by its full path rather than under a results directory: the runner gives the platform its
                // own results directory (for the TRX), and the platform takes only one.
                Command = [.. project.Command, "--coverage", "--coverage-output-format", "cobertura", "--coverage-output", Path.Combine(output, "coverage.cobertura.xml")],
                Requirements = ["The test project references Microsoft.Testing.Extensions.CodeCoverage (Microsoft.Testing.Platform's coverage)."],
            };
        }

        return new CoverageCollection
        {
            Framework = TestFramework.DotnetTest,
            Format = CoverageFormat.Cobertura,
            OutputDirectory = output,
            Report = "*/coverage.cobertura.xml",
            Command = [.. project.Command, "--collect", "XPlat Code Coverage", "--results-directory", output, "--",
                "DataCollectionRunSettings.DataCollectors.DataCollector.Configuration.Format=cobertura"],
            Requirements = ["The test project references coverlet.collector (VSTest's XPlat Code Coverage collector)."],
        };
    }

    static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Lightning.Testing.Coverage.Collectors.{name}")
            ?? throw new InvalidOperationException($"The resource {name} is missing from Lightning.Testing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
