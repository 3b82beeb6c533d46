using System.CommandLine;
using Lightning.Cli.Api;
using Lightning.Cli.Output;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Core.Workspaces;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.History;
using Lightning.Testing.Runners;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test run</c>: runs the directory's tests with their real frameworks in this process, shows them live (a progress
/// bar on a terminal), records the run in the data directory's history, prints the summary and exits non-zero when a
/// test failed (1), the run timed out (8) or was cancelled (130). A command after <c>--</c> is the custom runner: it runs
/// instead of the detected frameworks and its reports are the results. With <c>--server</c>, the run is started on
/// that server (<c>--repository</c>) and followed over its WebSocket, with the same display and exit codes.
/// </summary>
internal sealed class TestRunCommand : TestLocalCommand
{
    readonly Option<string> _framework = new("--framework") { Description = "Only this framework's projects (pytest, jest, go-test, junit5, rspec, phpunit, dotnet-test, or an alias)", HelpName = "NAME" };
    readonly Option<string> _project = new("--project") { Description = "Only the project at this root, relative to the repository (as 'test detect' shows it)", HelpName = "ROOT" };
    readonly Option<string[]> _tests = new("--test") { Description = "Only this test, by id (tests/test_calc.py::test_add) or the framework's selector (repeat)", HelpName = "ID" };
    readonly Option<int?> _retries = NumberOption.Create("--retries", "Run failed tests again up to N times; one that then passes is reported flaky [default: Lightning__Testing__Retries (per framework), else 0]", "N", 0, TestRunService.MaxRetries);
    readonly Option<int?> _shards = NumberOption.Create("--shards", "Split each pytest, Jest, go test, RSpec, PHPUnit, JUnit 5 or dotnet test project into N shards run at once, balanced by past durations [default: 1]", "N", 1, Lightning.Testing.Parallel.ShardPlanner.MaxShards);
    readonly Option<int?> _timeout = NumberOption.Create("--timeout", "Stop a project's tests (killing its processes) after this many seconds [default: 1800]", "SECONDS", 1, (int)TestRunService.MaxTimeout.TotalSeconds);

    readonly Option<string> _order = new("--order") { Description = "smart: recently failed and failure-prone tests first, then the fastest (pytest, Jest files, go packages, RSpec groups, PHPUnit and JUnit 5 classes; dotnet test split in two runs) [default: the framework's]", HelpName = "smart|default" };

    readonly Option<bool> _coverage = new("--coverage") { Description = "Measure coverage with each framework's tool (details: lightning test coverage --run ID)" };

    readonly Option<string[]> _report = new("--report")
    {
        Description = "Also write the results as junit (XML), trx or json (the event stream) to FILE",
        HelpName = "FORMAT FILE",
        Arity = new ArgumentArity(2, 2),
        AllowMultipleArgumentsPerToken = true,
    };

    readonly Argument<string[]> _command = new("COMMAND")
    {
        Description = "A test command of your own, after --, run instead of the detected frameworks (the custom runner): its JUnit XML, TRX, TAP or go test -json reports are the results",
        Arity = ArgumentArity.ZeroOrMore,
    };

    readonly Option<string[]> _reportFiles = new("--report-files") { Description = "With a COMMAND: the reports it writes, as globs relative to the directory (repeat) [default: its standard output is the report]", HelpName = "GLOB" };
    readonly Option<string> _name = new("--name") { Description = "With a COMMAND: the name its project is shown under [default: custom]", HelpName = "NAME" };
    readonly Option<string> _repository = new("--repository") { Description = "With --server: the registered repository to run (admins may give a workspace path instead)", HelpName = "NAME" };
    readonly CliContext _context;
    readonly TestCommandOptions _options;

    public TestRunCommand(CliContext context, TestCommandOptions options)
        : base("run", "Run the tests with their real frameworks, live, and record the run (runs locally; no server needed; --server runs them on a server)", context, options, usesHistory: true)
    {
        _context = context;
        _options = options;
        Add(_command);
        Add(_reportFiles);
        Add(_name);
        Add(_repository);
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
        Validators.Add(result =>
        {
            var custom = result.GetValue(_command) is { Length: > 0 };
            if (!custom && (result.GetValue(_reportFiles) is { Length: > 0 } || result.GetValue(_name) is not null))
            {
                result.AddError("--report-files and --name describe a custom test command: give it after --, e.g. 'lightning test run --report-files \"out/*.xml\" -- make check'.");
            }

            if (custom && (result.GetValue(_framework) is not null || result.GetValue(_project) is not null || result.GetValue(_tests) is { Length: > 0 }))
            {
                result.AddError("A custom test command runs as given: leave out --framework, --project and --test.");
            }

            var server = result.GetResult(context.Options.Server) is not null;
            if (server && result.GetValue(_repository) is null)
            {
                result.AddError("--server runs the tests of a repository the server knows: name it with --repository.");
            }

            if (!server && result.GetValue(_repository) is not null)
            {
                result.AddError("--repository names a repository on a server: add --server, or use --path for a local directory.");
            }
        });
        SetAction(async (parseResult, cancellationToken) => parseResult.GetResult(context.Options.Server) is null
            ? await RunLocallyAsync(context, options, parseResult, usesHistory: true, ExecuteAsync, cancellationToken)
            : await RunOnServerAsync(parseResult, cancellationToken));
    }

    CustomTestCommand? Custom(ParseResult parseResult) => parseResult.GetValue(_command) is { Length: > 0 } command
        ? new CustomTestCommand { Command = command, Reports = parseResult.GetValue(_reportFiles) ?? [], Name = parseResult.GetValue(_name) }
        : null;

    /// <summary>Starts the run on the server, follows it over the WebSocket (Ctrl+C cancels it there), then shows its result.</summary>
    static readonly TimeSpan CancelPoll = TimeSpan.FromMilliseconds(200);
    const int CancelWaitSteps = 150; // 30 s

    static bool IsFinished(TestRunStatus status) => status is not (TestRunStatus.Queued or TestRunStatus.Running);

    async Task<int> RunOnServerAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var client = _context.CreateClient(parseResult);
        var console = _context.Console;
        var started = await client.StartTestRunAsync(new StartTestRunRequest(
            parseResult.GetValue(_repository),
            Path: parseResult.GetValue(_options.Path),
            Project: parseResult.GetValue(_project),
            Framework: parseResult.GetValue(_framework),
            Tests: parseResult.GetValue(_tests) is { Length: > 0 } tests ? tests : null,
            Retries: parseResult.GetValue(_retries),
            TimeoutSeconds: parseResult.GetValue(_timeout),
            Coverage: parseResult.GetValue(_coverage) ? true : null,
            Shards: parseResult.GetValue(_shards),
            Order: parseResult.GetValue(_order),
            Custom: Custom(parseResult)), cancellationToken);
        var id = started.Value.Id;
        await console.Error.WriteLineAsync($"Started {id} on {client.Server}.");
        var progress = new TestProgress(console.Error, TestProgress.IsTerminal(console));
        var token = cancellationToken;
        var cancelled = false;
        try
        {
            long seen = 0;
            var finished = false;
            // A dropped connection resumes after the last event seen, so nothing is shown twice or missed.
            for (var attempt = 0; !finished && attempt < 5; attempt++)
            {
                await foreach (var runEvent in client.StreamTestRunAsync(id, seen, cancellationToken))
                {
                    seen = runEvent.Sequence;
                    finished = runEvent.Type == TestRunEventTypes.Finished;
                    await progress.OnEventAsync(runEvent);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            token = CancellationToken.None;
            cancelled = true;
            await client.CancelTestRunAsync(id, token);
            await console.Error.WriteLineAsync($"Cancelling {id}…");
        }

        var details = (await client.GetTestRunAsync(id, token)).Value;
        // A cancel is a request: the run ends once its processes have stopped. Wait a bounded while for that, so the
        // exit code and the summary say what the run became, not "running".
        for (var waited = 0; cancelled && !IsFinished(details.Run.Status) && waited < CancelWaitSteps; waited++)
        {
            await Task.Delay(CancelPoll, token);
            details = (await client.GetTestRunAsync(id, token)).Value;
        }

        if (parseResult.GetValue(_report) is [var format, var file])
        {
            var path = Path.GetFullPath(file);
            await using (var stream = File.Create(path))
            {
                await client.ExportTestRunAsync(id, format, stream, token);
            }

            await console.Error.WriteLineAsync($"Wrote the results ({format}) to {path}.");
        }

        if (_context.IsJson(parseResult))
        {
            JsonOutput.Write(console.Output, System.Text.Json.JsonSerializer.SerializeToNode(details, LightningJson.Options));
        }
        else
        {
            await TestText.WriteRunAsync(console.Output, details);
        }

        return TestText.ExitCode(details.Run.Status);
    }

    protected override async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var runs = test.Service<TestRunService>();
        var run = await runs.StartAsync(new TestRunStart(new TestTarget(new Workspace(test.Directory), ".", test.Directory))
        {
            Framework = test.Value(_framework),
            Project = test.Value(_project),
            Tests = test.Value(_tests) ?? [],
            Retries = test.Value(_retries),
            Shards = test.Value(_shards) ?? 1,
            Timeout = test.Value(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Coverage = test.Value(_coverage),
            Order = test.Value(_order),
            Custom = Custom(test.ParseResult),
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
