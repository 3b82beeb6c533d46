using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Rspec;

/// <summary>
/// RSpec: <c>rspec --require SCRATCH/lightning_rspec_events.rb --format LightningRspecEvents --out SCRATCH/events.jsonl
/// --format json --out SCRATCH/rspec.json --format progress [example ids]</c>. RSpec's built-in JSON formatter writes
/// the report (no extra gem), our formatter the live events; progress keeps the usual output. Examples are selected by
/// their RSpec ids (<c>./spec/calc_spec.rb[1:2]</c>), which stay right for shared and generated examples.
/// </summary>
internal sealed class RspecAdapter : FrameworkAdapter
{
    const string FormatterFile = "lightning_rspec_events.rb";
    const string OrderFile = "lightning_rspec_order.rb";
    const string ReportFile = "rspec.json";

    public override TestFramework Framework => TestFramework.Rspec;

    public override bool CanOrder => true;

    public override async Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var formatter = await PluginFiles.WriteAsync(FormatterFile, pass.Scratch, cancellationToken);
        List<string> command =
        [
            .. pass.Context.Toolchain.Resolve(pass.Context.Project.Command),
            "--require", formatter,
            "--format", "LightningRspecEvents", "--out", pass.EventsFile,
            "--format", "json", "--out", pass.File(ReportFile),
            "--format", "progress",
            "--no-color",
            .. Arguments(pass.Context, pass.Selectors),
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pass.Order.Count > 0)
        {
            // A registered global ordering (lightning_rspec_order.rb) sorts groups by their first listed example, and
            // examples within their group: RSpec runs a group's examples together, inside its hooks.
            var ordering = await PluginFiles.WriteAsync(OrderFile, pass.Scratch, cancellationToken);
            var order = pass.File("order.txt");
            await File.WriteAllLinesAsync(order, pass.Order.Select(test => test.Id), cancellationToken);
            command.InsertRange(command.IndexOf("--require"), ["--require", ordering]);
            environment["LIGHTNING_TEST_ORDER"] = order;
        }

        return new PassPlan(command, environment) { FollowsEventsFile = true };
    }

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live) =>
        new PluginEventTranslator(live, info => TestCaseId.Create(info.ClassName, info.Name));

    public override async Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var path = pass.File(ReportFile);
        return File.Exists(path) && new FileInfo(path).Length > 0 ? await RspecJsonReport.ReadAsync(path, cancellationToken) : null;
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return liveSelector ?? testCase.Properties.FirstOrDefault(property => property.Name == "rspecId")?.Value;
    }

    /// <summary>
    /// RSpec's own selectors (<c>./spec/calc_spec.rb[1:2]</c>, <c>spec/calc_spec.rb:10</c>, a file) are arguments as they
    /// are; a case id (<c>spec.calc_spec::Calc adds</c>) or a selection id (<c>spec/calc_spec.rb::Calc adds</c>) becomes
    /// its file and <c>-e "Calc adds"</c>. RSpec applies every <c>-e</c> to every file given, so when whole files are
    /// selected too, the examples' files run whole instead: more runs than asked, never fewer.
    /// </summary>
    static List<string> Arguments(ProjectContext context, IReadOnlyList<string> selectors)
    {
        var files = new List<string>();
        var exampleFiles = new List<string>();
        var examples = new List<string>();
        foreach (var selector in selectors)
        {
            var separator = selector.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
            var head = separator < 0 ? selector : selector[..separator];
            if (separator < 0 || selector.StartsWith("./", StringComparison.Ordinal) || (head.Contains(".rb", StringComparison.Ordinal) && !head.EndsWith(".rb", StringComparison.Ordinal)))
            {
                files.Add(selector);
                continue;
            }

            var file = head.EndsWith(".rb", StringComparison.Ordinal) ? head : head.Replace('.', '/') + ".rb";
            if (File.Exists(context.Full(file)) && !exampleFiles.Contains(file))
            {
                exampleFiles.Add(file);
            }

            examples.AddRange(["-e", selector[(separator + TestCaseId.Separator.Length)..]]);
        }

        if (files.Count > 0)
        {
            return [.. files, .. exampleFiles.Where(file => !files.Contains(file))];
        }

        return [.. examples, .. exampleFiles];
    }
}
