using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Core.Serialization;
using Lightning.Core.Workspaces;
using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Coverage.Suggestions;
using Lightning.Testing.History;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test coverage [PATH]</c>: runs the directory's tests with each framework's coverage tool (like <c>test run</c>,
/// recorded in the data directory's history), then prints every measured file worst first, the totals, the goals and
/// where tests would add most. Exit 1 when a test failed or a goal was missed. <c>--run ID</c> shows a recorded run's
/// coverage instead (locally, or a server's with <c>--server</c>).
/// </summary>
internal sealed class TestCoverageCommand : Command
{
    const int SuggestionCount = 5;

    readonly Argument<string> _directory = new("PATH") { Description = "The repository, or the folder of tests to run [default: --path, else the current directory]", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string> _framework = new("--framework") { Description = "Only this framework's projects (pytest, jest, go-test, junit5, rspec, phpunit, dotnet-test, or an alias)", HelpName = "NAME" };
    readonly Option<string> _project = new("--project") { Description = "Only the project at this root, relative to the repository", HelpName = "ROOT" };
    readonly Option<string> _html = new("--html") { Description = "Also write the HTML coverage report (one self-contained page) to DIR/index.html", HelpName = "DIR" };
    readonly Option<string[]> _goals = new("--goal") { Description = "A minimum coverage, 'src/**=80' (lines) or 'src/**: 70% branches per file'; a miss fails (repeat). .lightning/coverage.json adds the repository's", HelpName = "GOAL" };
    readonly Option<string> _run = new("--run") { Description = "Show the coverage of this recorded run instead of running the tests (locally, or a server's with --server)", HelpName = "ID" };
    readonly Option<int?> _timeout = NumberOption.Create("--timeout", "Stop a project's tests (killing its processes) after this many seconds [default: 1800]", "SECONDS", 1, (int)TestRunService.MaxTimeout.TotalSeconds);

    public TestCoverageCommand(CliContext context, TestCommandOptions options)
        : base("coverage", "Run the tests with coverage and show it per file, worst first, with goals and suggestions (runs locally; --run ID --server reads a server's run)")
    {
        ArgumentNullException.ThrowIfNull(context);
        Add(_directory);
        Add(_framework);
        Add(_project);
        Add(_html);
        Add(_goals);
        Add(_run);
        Add(_timeout);
        Validators.Add(result =>
        {
            if (result.GetValue(_run) is null && result.GetResult(context.Options.Server) is not null)
            {
                result.AddError("--server reads a recorded run: give its --run ID (tests run locally without --server).");
            }

            if (result.GetValue(_run) is not null && (result.GetValue(_goals) is { Length: > 0 } || result.GetValue(_framework) is not null || result.GetValue(_project) is not null))
            {
                result.AddError("--goal, --framework and --project apply to a new run, not to --run ID.");
            }

            if (result.GetValue(_html) is not null && result.GetResult(context.Options.Server) is not null)
            {
                result.AddError("--html writes a local run's report; download a server run's from /api/v2/testing/runs/ID/coverage/report.");
            }
        });
        SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetValue(_run) is { } id && parseResult.GetResult(context.Options.Server) is not null)
            {
                using var client = context.CreateClient(parseResult);
                var run = (await client.GetTestRunAsync(id, cancellationToken)).Value;
                var coverage = (await client.GetTestRunCoverageAsync(id, cancellationToken)).Value;
                var suggestions = (await client.GetTestRunCoverageSuggestionsAsync(id, SuggestionCount, cancellationToken)).Value;
                return await ShowAsync(context.Console.Output, context.IsJson(parseResult), run, coverage, suggestions);
            }

            return await TestLocalCommand.RunLocallyAsync(context, options, parseResult, usesHistory: true, ExecuteAsync, cancellationToken, parseResult.GetValue(_directory));
        });
    }

    async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var runs = test.Service<TestRunService>();
        var coverage = test.Service<TestCoverageService>();
        var id = test.Value(_run);
        if (id is null)
        {
            var started = await runs.StartAsync(new TestRunStart(new TestTarget(new Workspace(test.Directory), ".", test.Directory))
            {
                Framework = test.Value(_framework),
                Project = test.Value(_project),
                Timeout = test.Value(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Coverage = true,
                CoverageGoals = test.Value(_goals) ?? [],
                Trigger = TestRunTriggers.Cli,
                RequestedBy = Environment.UserName,
            }, cancellationToken);
            id = started.Id;
            if (await test.FollowRunAsync(runs, id, cancellationToken))
            {
                cancellationToken = CancellationToken.None;
            }
        }

        var details = await runs.Store.GetAsync(id, outcome: null, cancellationToken) ?? throw TestHistoryStore.NotFound(id);
        var summary = await coverage.GetAsync(id, cancellationToken);
        var suggestions = await coverage.SuggestionsAsync(id, SuggestionCount, cancellationToken);
        if (test.Value(_html) is { } html)
        {
            var directory = Path.GetFullPath(html);
            Directory.CreateDirectory(directory);
            var page = Path.Combine(directory, "index.html");
            await using (var stream = File.Create(page))
            {
                await coverage.WriteReportAsync(id, "html", stream, cancellationToken);
            }

            await test.Error.WriteLineAsync($"Wrote the coverage report to {page}.");
        }

        return await ShowAsync(test.Output, test.Json, details, summary, suggestions);
    }

    static async Task<int> ShowAsync(TextWriter output, bool json, TestRunDetails details, RunCoverageSummary coverage, IReadOnlyList<CoverageSuggestion> suggestions)
    {
        if (json)
        {
            JsonOutput.Write(output, JsonSerializer.SerializeToNode(new { run = details.Run, coverage, suggestions }, LightningJson.Options));
        }
        else
        {
            await TestText.WriteRunAsync(output, details with { Coverage = null });
            await output.WriteLineAsync();
            await WriteCoverageAsync(output, coverage, suggestions);
        }

        return TestText.ExitCode(details.Run.Status);
    }

    /// <summary>Files worst first, the totals, goals, what could not be measured and the top suggestions.</summary>
    internal static async Task WriteCoverageAsync(TextWriter output, RunCoverageSummary coverage, IReadOnlyList<CoverageSuggestion> suggestions)
    {
        // Worst first; files with nothing to measure (an empty __init__.py) last.
        var files = Files(coverage.Tree).OrderBy(file => file.Totals.LinePercent is null).ThenBy(file => file.Totals.LinePercent)
            .ThenBy(file => file.Path, StringComparer.Ordinal).ToList();
        if (files.Count > 0)
        {
            var table = new TextTable("FILE", "LINES", "LINE %", "BRANCHES", "BRANCH %", "FUNCTIONS", "FUNCTION %");
            foreach (var file in files)
            {
                Row(table, file.Path, file.Totals);
            }

            Row(table, "TOTAL", coverage.Totals);
            table.Write(output);
        }
        else
        {
            await output.WriteLineAsync("No coverage was measured.");
        }

        foreach (var why in coverage.Unavailable)
        {
            await output.WriteLineAsync(why);
        }

        if (coverage.Goals is { } goals)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(goals.Passed ? "Coverage goals: all met." : "Coverage goals: MISSED.");
            await output.WriteAsync(goals.Describe());
        }

        if (suggestions.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Where tests would add most:");
            var table = new TextTable("FUNCTION", "WHERE", "MISSED LINES", "MISSED BRANCHES", "GAIN");
            foreach (var suggestion in suggestions)
            {
                table.Add(suggestion.Function + (suggestion.NeverCalled ? " (never called)" : string.Empty), $"{suggestion.Path}:{suggestion.Line}",
                    Formats.Number(suggestion.MissedLines), Formats.Number(suggestion.MissedBranches),
                    string.Create(CultureInfo.InvariantCulture, $"+{suggestion.LineGain:0.0} pts lines"));
            }

            table.Write(output);
        }
    }

    static void Row(TextTable table, string path, CoverageTotals totals) => table.Add(path,
        $"{Formats.Number(totals.LinesCovered)}/{Formats.Number(totals.LinesTotal)}", Percent(totals.LinePercent),
        $"{Formats.Number(totals.BranchesCovered)}/{Formats.Number(totals.BranchesTotal)}", Percent(totals.BranchPercent),
        $"{Formats.Number(totals.FunctionsCovered)}/{Formats.Number(totals.FunctionsTotal)}", Percent(totals.FunctionPercent));

    static string Percent(double? value) => value is { } percent ? percent.ToString("0.0", CultureInfo.InvariantCulture) + "%" : Formats.None;

    static IEnumerable<CoverageTreeNode> Files(CoverageTreeNode? node) =>
        node is null ? [] : node.Kind == CoverageTreeNode.FileKind ? [node] : node.Children.SelectMany(Files);
}
