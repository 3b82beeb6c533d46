using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Pytest;

/// <summary>
/// pytest: <c>python3 -m pytest -p lightning_pytest_events -p no:cacheprovider --junit-xml=SCRATCH/pytest.xml
/// -o junit_family=xunit2 -o junit_logging=all -o junit_suite_name=pytest [node ids]</c>, the plugin on PYTHONPATH
/// and no bytecode written, so nothing lands in the repository. Tests are selected by node id.
/// </summary>
internal sealed class PytestAdapter : FrameworkAdapter
{
    const string PluginFile = "lightning_pytest_events.py";
    const string OrderPluginFile = "lightning_pytest_order.py";
    const string ReportFile = "pytest.xml";

    /// <summary>The junit report's one suite, whose name the ids of collection errors (no class) take as their scope.</summary>
    internal const string SuiteName = "pytest";

    public override TestFramework Framework => TestFramework.Pytest;

    public override bool CanOrder => true;

    public override async Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        await PluginFiles.WriteAsync(PluginFile, pass.Scratch, cancellationToken);
        var inherited = Environment.GetEnvironmentVariable("PYTHONPATH");
        List<string> command =
        [
            .. pass.Context.Toolchain.Resolve(pass.Context.Project.Command),
            "-p", Path.GetFileNameWithoutExtension(PluginFile),
            "-p", "no:cacheprovider",
            "--junit-xml=" + pass.File(ReportFile),
            "-o", "junit_family=xunit2",
            "-o", "junit_logging=all",
            "-o", "junit_suite_name=" + SuiteName,
            .. pass.Selectors,
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LIGHTNING_TEST_EVENTS"] = pass.EventsFile,
            ["PYTHONPATH"] = string.IsNullOrEmpty(inherited) ? pass.Scratch : pass.Scratch + Path.PathSeparator + inherited,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
        if (pass.Order.Count > 0)
        {
            // A collection hook sorts what pytest collected: tests new since the order was made still run (after it).
            await PluginFiles.WriteAsync(OrderPluginFile, pass.Scratch, cancellationToken);
            var order = pass.File("order.txt");
            await File.WriteAllLinesAsync(order, pass.Order.Select(test => SelectorFor(pass.Context, test.Id)), cancellationToken);
            command.InsertRange(command.IndexOf("-p"), ["-p", Path.GetFileNameWithoutExtension(OrderPluginFile)]);
            environment["LIGHTNING_TEST_ORDER"] = order;
        }

        return new PassPlan(command, environment) { FollowsEventsFile = true };
    }

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live) =>
        // xunit2 reports carry no file: a case's scope is its class, or the suite for a module that did not import.
        new PluginEventTranslator(live, info => TestCaseId.Create(info.ClassName, null, [SuiteName], info.Name));

    public override Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return ReportFiles.ReadAsync(reader, pass.File(ReportFile), cancellationToken);
    }

    /// <summary>A node id (it names a .py file) is kept; a case id <c>tests.test_calc.TestK::test_m</c> becomes <c>tests/test_calc.py::TestK::test_m</c>.</summary>
    public override string SelectorFor(ProjectContext context, string test)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(test);
        var separator = test.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        if (separator < 0 || test.Contains(".py", StringComparison.Ordinal) || test.Contains('/', StringComparison.Ordinal))
        {
            return test;
        }

        return NodeId(context, test[..separator], test[(separator + TestCaseId.Separator.Length)..]) ?? test;
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(testCase);
        return liveSelector ?? (testCase.ClassName is { } className ? NodeId(context, className, testCase.Name) : null);
    }

    /// <summary>
    /// The dotted class name mixes the module path and classes (<c>tests.test_calc.TestK</c>): the longest prefix that
    /// is a .py file of the project is the module, the rest are classes.
    /// </summary>
    static string? NodeId(ProjectContext context, string className, string name)
    {
        var parts = className.Split('.');
        for (var count = parts.Length; count > 0; count--)
        {
            var module = string.Join('/', parts[..count]) + ".py";
            if (File.Exists(context.Full(module)))
            {
                return string.Join("::", [module, .. parts[count..], name]);
            }
        }

        return null;
    }
}
