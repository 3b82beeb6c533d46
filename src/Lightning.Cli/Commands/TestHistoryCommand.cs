using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Lightning.Cli.Api;
using Lightning.Cli.Output;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Testing.Detection;
using Lightning.Testing.History;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test history</c>: runs newest first, one run's results (<c>RUN</c>), one test over time (<c>--test</c>), the
/// slowest (<c>--slowest</c>) or most failing (<c>--failing</c>) tests. Reads the data directory's history, where
/// <c>test run</c> records, or a server's when <c>--server</c> is given.
/// </summary>
internal sealed class TestHistoryCommand : Command
{
    readonly Argument<string?> _run = new("RUN") { Description = "Show this run's projects and failures", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string> _test = new("--test") { Description = "Show one test over its recent runs, by id (test_calc::test_add)", HelpName = "ID" };
    readonly Option<bool> _slowest = new("--slowest") { Description = "The tests with the longest average duration over recent runs" };
    readonly Option<bool> _failing = new("--failing") { Description = "The tests that failed most often over recent runs" };
    readonly Option<string> _repository = new("--repository") { Description = "Only this repository's runs (a server's registered name; locally, the directory's full path)", HelpName = "NAME" };
    readonly Option<string> _framework = new("--framework") { Description = "Only runs of this framework", HelpName = "NAME" };
    readonly Option<string> _status = new("--status") { Description = "Only runs with this status" };
    readonly Option<int?> _limit = NumberOption.Create("--limit", "How many rows (1-500) [default: 20]", "N", 1, 500);
    readonly Option<int?> _over = NumberOption.Create("--over", "--slowest, --failing: over the last N runs [default: 20]", "N", 1, 1000);
    readonly Option<string> _before = new("--before") { Description = "Runs before this run id (the next page)", HelpName = "ID" };
    readonly CliContext _context;

    public TestHistoryCommand(CliContext context, TestCommandOptions options)
        : base("history", "Test runs, a run's results, a test over time, the slowest and most failing tests (runs locally on the data directory's history; --server reads a server's)")
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _status.AcceptOnlyFromAmong([.. Enum.GetValues<TestRunStatus>().Select(status => status.ToName())]);
        Add(_run);
        Add(_test);
        Add(_slowest);
        Add(_failing);
        Add(_repository);
        Add(_framework);
        Add(_status);
        Add(_limit);
        Add(_over);
        Add(_before);
        Validators.Add(result =>
        {
            var asked = new[] { result.GetValue(_run) is not null, result.GetValue(_test) is not null, result.GetValue(_slowest), result.GetValue(_failing) }.Count(x => x);
            if (asked > 1)
            {
                result.AddError("Ask for one thing: a RUN, --test, --slowest or --failing.");
            }
        });
        SetAction(async (parseResult, cancellationToken) =>
        {
            if (parseResult.GetResult(context.Options.Server) is null)
            {
                return await TestLocalCommand.RunLocallyAsync(context, options, parseResult, usesHistory: true,
                    (test, token) => ShowAsync(parseResult, Local(test.Service<TestHistoryStore>()), token), cancellationToken);
            }

            using var client = context.CreateClient(parseResult);
            return await ShowAsync(parseResult, Server(client), cancellationToken);
        });
    }

    async Task<int> ShowAsync(ParseResult parseResult, HistoryReads reads, CancellationToken cancellationToken)
    {
        var output = _context.Console.Output;
        var json = _context.IsJson(parseResult);
        var limit = parseResult.GetValue(_limit) ?? 20;
        var over = parseResult.GetValue(_over) ?? 20;
        var repository = parseResult.GetValue(_repository);
        var framework = parseResult.GetValue(_framework);
        if (parseResult.GetValue(_run) is { } id)
        {
            var details = await reads.Get(id, cancellationToken) ?? throw TestHistoryStore.NotFound(id);
            return await WriteAsync(json, details, () => TestText.WriteRunAsync(output, details, maxFailures: int.MaxValue));
        }

        if (parseResult.GetValue(_test) is { } test)
        {
            var history = await reads.Test(test, repository, limit, cancellationToken);
            return await WriteAsync(json, history, () => WriteTestAsync(output, history));
        }

        if (parseResult.GetValue(_slowest))
        {
            var slowest = await reads.Slowest(repository, framework, limit, over, cancellationToken);
            return await WriteAsync(json, slowest, () => WriteSlowestAsync(output, slowest));
        }

        if (parseResult.GetValue(_failing))
        {
            var failing = await reads.Failing(repository, framework, limit, over, cancellationToken);
            return await WriteAsync(json, failing, () => WriteFailingAsync(output, failing));
        }

        var page = await reads.List(repository, framework, parseResult.GetValue(_status), limit, parseResult.GetValue(_before), cancellationToken);
        return await WriteAsync(json, page, () => WriteRunsAsync(output, page));
    }

    async Task<int> WriteAsync<T>(bool json, T value, Func<Task> text)
    {
        if (json)
        {
            JsonOutput.Write(_context.Console.Output, JsonSerializer.SerializeToNode(value, LightningJson.Options));
        }
        else
        {
            await text();
        }

        return ExitCodes.Ok;
    }

    static async Task WriteRunsAsync(TextWriter output, TestRunPage page)
    {
        if (page.Items.Count == 0)
        {
            await output.WriteLineAsync("No test runs.");
            return;
        }

        var table = new TextTable("ID", "REPOSITORY", "FRAMEWORK", "STATUS", "TESTS", "COMMIT", "TRIGGER", "CREATED", "DURATION");
        foreach (var run in page.Items)
        {
            table.Add(run.Id, run.Repository, run.Framework ?? Formats.None, TestText.Status(run.Status), TestText.Counts(run.Totals),
                run.CommitSha is { } sha ? sha[..Math.Min(12, sha.Length)] : Formats.None, run.Trigger, Formats.Time(run.CreatedAt), TestText.Duration(run.Duration));
        }

        table.Write(output);
        if (page.Next is { } next)
        {
            await output.WriteLineAsync($"More: lightning test history --before {next}");
        }
    }

    static async Task WriteTestAsync(TextWriter output, TestCaseHistory history)
    {
        if (history.Runs == 0)
        {
            await output.WriteLineAsync($"No run of {history.Id} is recorded.");
            return;
        }

        var rate = history.PassRate is { } passRate ? passRate.ToString("0.#%", CultureInfo.InvariantCulture) : Formats.None;
        await output.WriteLineAsync($"{history.Id}: {history.Runs} runs, {history.Passed} passed, {history.Failed + history.Errored} failed, "
            + $"{history.Flaky} flaky, {history.Skipped} skipped; pass rate {rate}, average {TestText.Duration(history.AverageDuration)}.");
        var table = new TextTable("RUN", "REPOSITORY", "WHEN", "OUTCOME", "DURATION", "ATTEMPTS", "COMMIT", "MESSAGE");
        foreach (var entry in history.Entries)
        {
            table.Add(entry.RunId, entry.Repository, Formats.Time(entry.At), Formats.Kebab(entry.Outcome), TestText.Duration(entry.Duration),
                Formats.Number(entry.Attempts), entry.CommitSha is { } sha ? sha[..Math.Min(12, sha.Length)] : Formats.None, TestText.Message(entry.FailureMessage, 80));
        }

        table.Write(output);
    }

    static async Task WriteSlowestAsync(TextWriter output, IReadOnlyList<TestTiming> slowest)
    {
        if (slowest.Count == 0)
        {
            await output.WriteLineAsync("No timed test in the runs looked at.");
            return;
        }

        var table = new TextTable("TEST", "REPOSITORY", "FRAMEWORK", "RUNS", "AVERAGE", "MAX", "LAST");
        foreach (var test in slowest)
        {
            table.Add(test.Id, test.Repository, test.Framework, Formats.Number(test.Runs), TestText.Duration(test.AverageDuration),
                TestText.Duration(test.MaxDuration), TestText.Duration(test.LastDuration));
        }

        table.Write(output);
    }

    static async Task WriteFailingAsync(TextWriter output, IReadOnlyList<TestFailureCount> failing)
    {
        if (failing.Count == 0)
        {
            await output.WriteLineAsync("No test failed in the runs looked at.");
            return;
        }

        var table = new TextTable("TEST", "REPOSITORY", "RUNS", "FAILED", "FLAKY", "LAST FAILED", "MESSAGE");
        foreach (var test in failing)
        {
            table.Add(test.Id, test.Repository, Formats.Number(test.Runs), Formats.Number(test.Failures), Formats.Number(test.Flaky),
                Formats.Time(test.LastFailedAt), TestText.Message(test.LastFailureMessage, 80));
        }

        table.Write(output);
    }

    static HistoryReads Local(TestHistoryStore store) => new(
        async (repository, framework, status, limit, before, token) =>
            await store.ListAsync(new TestRunQuery(repository, FrameworkName(framework), TestRunStatusExtensions.Parse(status), limit, before), token),
        (id, token) => store.GetAsync(id, outcome: null, token),
        (id, repository, limit, token) => store.CaseHistoryAsync(id, repository, limit, token),
        (repository, framework, limit, over, token) => store.SlowestAsync(repository, FrameworkName(framework), limit, over, token),
        (repository, framework, limit, over, token) => store.MostFailingAsync(repository, FrameworkName(framework), limit, over, token));

    static HistoryReads Server(LightningClient client) => new(
        async (repository, framework, status, limit, before, token) => (await client.ListTestRunsAsync(repository, framework, status, limit, before, token)).Value,
        async (id, token) => (await client.GetTestRunAsync(id, token)).Value,
        async (id, repository, limit, token) => (await client.GetTestHistoryAsync(id, repository, limit, token)).Value,
        async (repository, framework, limit, over, token) => (await client.GetSlowestTestsAsync(repository, framework, limit, over, token)).Value,
        async (repository, framework, limit, over, token) => (await client.GetFailingTestsAsync(repository, framework, limit, over, token)).Value);

    /// <summary>The stored name of a framework a user typed (<c>go</c> is <c>go-test</c>); unknown names are the module's error.</summary>
    static string? FrameworkName(string? framework) =>
        string.IsNullOrWhiteSpace(framework) ? null : TestFrameworks.NameOf(TestFrameworks.Parse(framework));

    /// <summary>The reads of a history, from the local store or a server.</summary>
    sealed record HistoryReads(
        Func<string?, string?, string?, int, string?, CancellationToken, Task<TestRunPage>> List,
        Func<string, CancellationToken, Task<TestRunDetails?>> Get,
        Func<string, string?, int, CancellationToken, Task<TestCaseHistory>> Test,
        Func<string?, string?, int, int, CancellationToken, Task<IReadOnlyList<TestTiming>>> Slowest,
        Func<string?, string?, int, int, CancellationToken, Task<IReadOnlyList<TestFailureCount>>> Failing);
}
