using System.CommandLine;
using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.Testing.History;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test run</c>: runs the directory's tests with their real frameworks in this process, shows them live (a progress
/// bar on a terminal), records the run in the data directory's history, prints the summary and exits non-zero when a
/// test failed (1), the run timed out (8) or was cancelled (130).
/// </summary>
internal sealed class TestRunCommand : TestLocalCommand
{
    readonly Option<string> _framework = new("--framework") { Description = "Only this framework's projects (pytest, jest, go-test, junit5, rspec, phpunit, dotnet-test, or an alias)", HelpName = "NAME" };
    readonly Option<string> _project = new("--project") { Description = "Only the project at this root, relative to the repository (as 'test detect' shows it)", HelpName = "ROOT" };
    readonly Option<string[]> _tests = new("--test") { Description = "Only this test, by id (tests/test_calc.py::test_add) or the framework's selector (repeat)", HelpName = "ID" };
    readonly Option<int?> _retries = NumberOption.Create("--retries", "Run failed tests again up to N times; one that then passes is reported flaky [default: 0]", "N", 0, TestRunService.MaxRetries);
    readonly Option<int?> _shards = NumberOption.Create("--shards", "Split each pytest project into N shards run at once, balanced by the tests' past durations [default: 1]", "N", 1, Lightning.Testing.Parallel.ShardPlanner.MaxShards);
    readonly Option<int?> _timeout = NumberOption.Create("--timeout", "Stop a project's tests (killing its processes) after this many seconds [default: 1800]", "SECONDS", 1, (int)TestRunService.MaxTimeout.TotalSeconds);

    readonly Option<string> _order = new("--order") { Description = "smart: recently failed and failure-prone tests first, then the fastest (pytest, Jest files, go packages) [default: the framework's]", HelpName = "smart|default" };

    readonly Option<bool> _coverage = new("--coverage") { Description = "Measure coverage with each framework's tool (details: lightning test coverage --run ID)" };

    readonly Option<string[]> _report = new("--report")
    {
        Description = "Also write the results as junit (XML), trx or json (the event stream) to FILE",
        HelpName = "FORMAT FILE",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    public TestRunCommand(CliContext context, TestCommandOptions options)
        : base("run", "Run the tests with their real frameworks, live, and record the run (runs locally; no server needed)", context, options, usesHistory: true)
    {
        Add(_framework);
        Add(_project);
        Add(_tests);
        Add(_retries);
        Add(_timeout);
        Add(_shards);
        Add(_report);
        Add(_coverage);
        Add(_order);
        _order.AcceptOnlyFromAmong("smart", "default");
        _report.Validators.Add(result =>
        {
            var values = result.Tokens.Select(token => token.Value).ToList();
            // Checked while parsing, so a typo fails before the tests run rather than after.
            if (values.Count == 2 && !IsFormat(values[0]))
            {
                result.AddError($"--report takes a format (junit, trx or json) and a file, not '{values[0]}'.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var runs = test.Service<TestRunService>();
        var run = await runs.StartAsync(new TestRunStart(new TestTarget(new Workspace(test.Directory), ".", test.Directory))
        {
            Framework = test.Value(_framework),
            Project = test.Value(_project),
            Tests = test.Value(_tests) ?? [],
            Retries = test.Value(_retries) ?? 0,
            Shards = test.Value(_shards) ?? 1,
            Timeout = test.Value(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Coverage = test.Value(_coverage),
            Order = test.Value(_order),
            Trigger = TestRunTriggers.Cli,
            RequestedBy = Environment.UserName,
        }, cancellationToken);
        // Ctrl+C stops the tests (their process trees are killed) and still records and shows what ran.
        var cancelled = await test.FollowRunAsync(runs, run.Id, cancellationToken);

        var token = cancelled ? CancellationToken.None : cancellationToken;
        var details = await runs.Store.GetAsync(run.Id, outcome: null, token) ?? throw TestHistoryStore.NotFound(run.Id);
        if (test.Value(_report) is [var format, var file])
        {
            var path = Path.GetFullPath(file);
            await using (var stream = File.Create(path))
            {
                await runs.ExportAsync(run.Id, TestRunService.ExportFormat(format), stream, token);
            }

            await test.Error.WriteLineAsync($"Wrote the results ({format}) to {path}.");
        }

        if (test.Json)
        {
            test.WriteJson(details);
        }
        else
        {
            await TestText.WriteRunAsync(test.Output, details);
        }

        return TestText.ExitCode(details.Run.Status);
    }

    static bool IsFormat(string value)
    {
        try
        {
            TestRunService.ExportFormat(value);
            return true;
        }
        catch (ValidationFailedException)
        {
            return false;
        }
    }
}
