using System.Text;
using System.Text.Json;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Jest;

/// <summary>
/// Jest: the detected command plus <c>--reporters=default --reporters=JEST_JUNIT --reporters=SCRATCH/lightning-jest-events.js
/// --testLocationInResults [-t ^(?:full name|...)$ path patterns]</c>. jest-junit is configured through its
/// environment variables (which win over a project's own settings) to write SCRATCH/jest-junit.xml with the names our
/// reporter gives live. jest-junit is the project's (node_modules above it) or the one installed beside the jest that
/// runs; neither, and the run stops naming the npm package. The reporters given replace the project's own reporters.
/// A native-ES-module project also gets <c>NODE_OPTIONS=--experimental-vm-modules</c> (<see cref="JestNodeOptions"/>).
/// </summary>
internal sealed class JestAdapter : FrameworkAdapter
{
    const string ReporterFile = "lightning-jest-events.js";
    const string SequencerFile = "lightning-jest-sequencer.js";
    const string ReportFile = "jest-junit.xml";
    const string AncestorSeparator = " \u203a ";

    public override TestFramework Framework => TestFramework.Jest;

    public override bool CanOrder => true;

    public override string? MissingTool(ProjectContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return JestJunit(context) is null
            ? $"Jest cannot run for '{context.Project.Root}': jest-junit is missing (Jest writes its JUnit report through it; it is looked for in "
              + "node_modules above the project and beside jest): install the npm package jest-junit (npm install --save-dev jest-junit)."
            : null;
    }

    public override async Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var reporter = await PluginFiles.WriteAsync(ReporterFile, pass.Scratch, cancellationToken);
        var junit = JestJunit(pass.Context) ?? throw new InvalidOperationException("jest-junit was checked before the run.");
        List<string> command =
        [
            .. pass.Context.Toolchain.Resolve(pass.Context.Project.Command),
            "--reporters=default",
            "--reporters=" + junit,
            "--reporters=" + reporter,
            "--testLocationInResults",
            .. Selection(pass.Selectors),
        ];
        if (pass.OneAtATime)
        {
            command.Add("--runInBand");
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pass.Order.Count > 0)
        {
            // Jest orders files, not tests: a file takes the place of its first test in the order.
            var sequencer = await PluginFiles.WriteAsync(SequencerFile, pass.Scratch, cancellationToken);
            var order = pass.File("order.txt");
            await File.WriteAllLinesAsync(order, pass.Order.Select(test => test.File ?? FileOf(test.Id)).OfType<string>().Distinct(StringComparer.Ordinal), cancellationToken);
            command.Add("--testSequencer=" + sequencer);
            environment["LIGHTNING_TEST_ORDER"] = order;
        }

        // A native-ESM project needs --experimental-vm-modules; through NODE_OPTIONS it reaches Jest's workers too.
        if (JestNodeOptions.For(pass.Context.Directory, pass.Context.Environment) is { } nodeOptions)
        {
            environment["NODE_OPTIONS"] = nodeOptions;
        }

        return new PassPlan(command, new Dictionary<string, string>(environment, StringComparer.Ordinal)
        {
            ["LIGHTNING_TEST_EVENTS"] = pass.EventsFile,
            ["JEST_JUNIT_OUTPUT_DIR"] = pass.Scratch,
            ["JEST_JUNIT_OUTPUT_NAME"] = ReportFile,
            ["JEST_JUNIT_UNIQUE_OUTPUT_NAME"] = "false",
            ["JEST_JUNIT_CLASSNAME"] = "{classname}",
            ["JEST_JUNIT_TITLE"] = "{title}",
            ["JEST_JUNIT_SUITE_NAME"] = "{filepath}",
            ["JEST_JUNIT_ANCESTOR_SEPARATOR"] = AncestorSeparator,
            ["JEST_JUNIT_ADD_FILE_ATTRIBUTE"] = "true",
            ["JEST_JUNIT_FILE_PATH_PREFIX"] = string.Empty,
            ["JEST_JUNIT_REPORT_TEST_SUITE_ERRORS"] = "true",
            ["JEST_JUNIT_INCLUDE_CONSOLE_OUTPUT"] = "true",
        })
        { FollowsEventsFile = true };
    }

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live) =>
        new PluginEventTranslator(live, info => TestCaseId.Create(info.ClassName, info.File, [info.Suite], info.Name));

    public override Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return ReportFiles.ReadAsync(reader, pass.File(ReportFile), cancellationToken);
    }

    /// <summary>A case id <c>add › nested::adds</c> (or <c>sum.test.js::adds</c> for a test outside describe) selects by name.</summary>
    public override string SelectorFor(ProjectContext context, string test)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(test);
        var separator = test.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        if (separator < 0)
        {
            // A test file of the project (what selection names) runs whole; anything else is a test's full name.
            return LooksLikeFile(test) && File.Exists(context.Full(test)) ? Selector(test, null) : Selector(null, test);
        }

        var scope = test[..separator];
        var title = test[(separator + TestCaseId.Separator.Length)..];
        return LooksLikeFile(scope)
            ? Selector(scope, title)
            : Selector(null, scope.Replace(AncestorSeparator, " ", StringComparison.Ordinal) + " " + title);
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (liveSelector is not null)
        {
            return liveSelector;
        }

        var ancestors = testCase.ClassName?.Replace(AncestorSeparator, " ", StringComparison.Ordinal);
        return Selector(testCase.File, string.IsNullOrEmpty(ancestors) ? testCase.Name : ancestors + " " + testCase.Name);
    }

    static string Selector(string? file, string? fullName) => JsonSerializer.Serialize(new Dictionary<string, string?> { ["file"] = file, ["fullName"] = fullName });

    static string? FileOf(string caseId)
    {
        var separator = caseId.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        return separator > 0 && LooksLikeFile(caseId[..separator]) ? caseId[..separator] : null;
    }

    static bool LooksLikeFile(string scope) =>
        scope.Contains('/', StringComparison.Ordinal) || Path.GetExtension(scope) is ".js" or ".jsx" or ".ts" or ".tsx" or ".mjs" or ".cjs" or ".mts" or ".cts";

    /// <summary><c>-t ^(?:a|b)$</c> over full names, and each file as a path pattern (anchored at its end); whole files only: <c>--runTestsByPath</c>.</summary>
    static List<string> Selection(IReadOnlyList<string> selectors)
    {
        if (selectors.Count == 0)
        {
            return [];
        }

        var names = new List<string>();
        var files = new List<string>();
        var everyOneHasAFile = true;
        foreach (var selector in selectors)
        {
            using var document = JsonDocument.Parse(selector);
            var root = document.RootElement;
            if (root.TryGetProperty("fullName", out var fullName) && fullName.ValueKind == JsonValueKind.String && fullName.GetString() is { } name)
            {
                names.Add(Quote(name));
            }

            if (root.TryGetProperty("file", out var file) && file.GetString() is { Length: > 0 } path)
            {
                files.Add(path);
            }
            else
            {
                everyOneHasAFile = false;
            }
        }

        if (names.Count == 0 && everyOneHasAFile)
        {
            // Whole files only (a shard's, a selection's): run exactly those paths; a pattern could match a like-named file elsewhere.
            return ["--runTestsByPath", .. files.Distinct(StringComparer.Ordinal)];
        }

        // A whole file among the selectors: no name filter, or it would leave that file's tests out.
        List<string> arguments = names.Count == selectors.Count ? ["--testNamePattern=^(?:" + string.Join('|', names.Distinct(StringComparer.Ordinal)) + ")$"] : [];
        if (everyOneHasAFile)
        {
            // Path patterns keep Jest from loading files that hold none of the tests (anchored at the file's end).
            arguments.AddRange(files.Distinct(StringComparer.Ordinal).Select(path => "/" + Quote(path) + "$"));
        }

        return arguments;
    }

    /// <summary>Escapes a JavaScript regular expression's special characters.</summary>
    static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\^$.*+?()[]{}|/".Contains(c, StringComparison.Ordinal))
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.ToString();
    }

    /// <summary>
    /// The jest-junit package directory: in node_modules of the project or a directory above it (as node resolves), else
    /// beside the jest that runs (its real path's node_modules).
    /// </summary>
    internal static string? JestJunit(ProjectContext context)
    {
        for (var directory = new DirectoryInfo(context.Directory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "node_modules", "jest-junit");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        var jest = context.Toolchain.Tools.FirstOrDefault(tool => tool.Tool == "jest")?.Executable;
        if (jest is null)
        {
            return null;
        }

        var real = new FileInfo(jest).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? jest;
        for (var directory = new FileInfo(real).Directory; directory is not null; directory = directory.Parent)
        {
            if (directory.Name == "node_modules")
            {
                var candidate = Path.Combine(directory.FullName, "jest-junit");
                return File.Exists(Path.Combine(candidate, "package.json")) ? candidate : null;
            }
        }

        return null;
    }
}
