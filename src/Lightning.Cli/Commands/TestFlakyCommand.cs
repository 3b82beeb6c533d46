using System.CommandLine;
using System.Globalization;
using Lightning.Cli.Output;
using Lightning.Core.Workspaces;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Optimization;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test flaky [PATH]</c>: the flaky tests of a local repository with their evidence (from the data directory's
/// history, where <c>test run</c> records); <c>--detect</c> weighs history and reruns what it cannot explain,
/// <c>--order-check</c> reorders the suite (pytest, Jest, go test, RSpec, PHPUnit, JUnit 5) and bisects for polluters; <c>--quarantine</c>/<c>--release</c>;
/// <c>--report</c> prints the suite optimizer's report. Runs locally; no server needed.
/// </summary>
internal sealed class TestFlakyCommand : Command
{
    readonly Argument<string?> _directory = new("PATH") { Description = "The repository [default: --path, else the current directory]", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<bool> _detect = new("--detect") { Description = "Detect now: weigh history, rerun failures it cannot explain" };
    readonly Option<int?> _reruns = NumberOption.Create("--reruns", "--detect: reruns per unexplained failure, stopping at the first pass (0-20) [default: 3]", "N", 0, 20);
    readonly Option<bool> _orderCheck = new("--order-check") { Description = "--detect: run the suite in other orders (pytest, Jest, go test, RSpec, PHPUnit, JUnit 5), and bisect for the test a failing one depends on" };
    readonly Option<string> _quarantine = new("--quarantine") { Description = "Quarantine this test (it still runs and shows; its failure no longer fails runs)", HelpName = "ID" };
    readonly Option<string> _reason = new("--reason") { Description = "--quarantine: why (required)", HelpName = "TEXT" };
    readonly Option<string> _until = new("--until") { Description = "--quarantine: when it ends by itself (ISO 8601 date)", HelpName = "DATE" };
    readonly Option<string> _release = new("--release") { Description = "Take this test out of quarantine", HelpName = "ID" };
    readonly Option<bool> _report = new("--report") { Description = "The suite optimizer report: flaky, quarantine, retries, order, duplicates, dependencies, shards, slowest and regressions" };
    readonly Option<int?> _shards = NumberOption.Create("--shards", "--report: shards to plan (1-64) [default: 4]", "N", 1, SuiteOptimizer.MaxShards);

    public TestFlakyCommand(CliContext context, TestCommandOptions options)
        : base("flaky", "Flaky tests with their evidence, detection (reruns, order check), quarantine and the suite optimizer report (runs locally on the data directory's history; no server needed)")
    {
        ArgumentNullException.ThrowIfNull(context);
        Add(_directory);
        Add(_detect);
        Add(_reruns);
        Add(_orderCheck);
        Add(_quarantine);
        Add(_reason);
        Add(_until);
        Add(_release);
        Add(_report);
        Add(_shards);
        Validators.Add(result =>
        {
            var asked = new[] { result.GetValue(_detect), result.GetValue(_quarantine) is not null, result.GetValue(_release) is not null, result.GetValue(_report) }.Count(x => x);
            if (asked > 1)
            {
                result.AddError("Ask for one thing: --detect, --quarantine, --release or --report.");
            }

            if (result.GetValue(_quarantine) is not null && string.IsNullOrWhiteSpace(result.GetValue(_reason)))
            {
                result.AddError("--quarantine needs --reason: quarantine is never silent.");
            }

            if (result.GetValue(_until) is { } until && !DateTimeOffset.TryParse(until, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                result.AddError($"--until '{until}' is not a date (use 2026-12-31 or 2026-12-31T18:00Z).");
            }

            if (!result.GetValue(_detect) && (result.GetValue(_reruns) is not null || result.GetValue(_orderCheck)))
            {
                result.AddError("--reruns and --order-check go with --detect.");
            }
        });
        SetAction((parseResult, cancellationToken) =>
        {
            var path = parseResult.GetValue(_directory);
            return TestLocalCommand.RunLocallyAsync(context, options, parseResult, usesHistory: true,
                (test, token) => ExecuteAsync(path is null ? test : test with { Directory = Path.GetFullPath(path) }, token), cancellationToken);
        });
    }

    async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(test.Directory))
        {
            throw new CliException(ExitCodes.NotFound, $"'{test.Directory}' does not exist or is not a directory.");
        }

        // Local runs record the repository as its full path: the same name reads their history.
        var repository = test.Directory;
        if (test.Value(_quarantine) is { } id)
        {
            var until = test.Value(_until) is { } date ? DateTimeOffset.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : (DateTimeOffset?)null;
            var entry = await test.Service<TestQuarantine>().QuarantineAsync(repository, id, test.Value(_reason)!, Environment.UserName, until, cancellationToken);
            return await WriteAsync(test, entry, $"Quarantined {entry.Id}: {entry.Reason}{(entry.ExpiresAt is { } e ? $" (until {e:yyyy-MM-dd HH:mm}Z)" : string.Empty)}. It still runs and shows; its failure no longer fails runs.");
        }

        if (test.Value(_release) is { } released)
        {
            var entry = await test.Service<TestQuarantine>().ReleaseAsync(repository, released, Environment.UserName, cancellationToken);
            return await WriteAsync(test, entry, $"Released {entry.Id} from quarantine.");
        }

        if (test.Value(_report))
        {
            var report = await test.Service<SuiteOptimizer>().ReportAsync(repository, repository, test.Value(_shards) ?? 4, null, cancellationToken);
            return await WriteAsync(test, report, report.ToText().TrimEnd());
        }

        if (test.Value(_detect))
        {
            var detection = await test.Service<FlakyDetector>().DetectAsync(
                new FlakyDetectRequest(new TestTarget(new Workspace(repository), ".", repository)) { Reruns = test.Value(_reruns), OrderCheck = test.Value(_orderCheck) },
                cancellationToken);
            if (test.Json)
            {
                test.WriteJson(detection);
                return ExitCodes.Ok;
            }

            await WriteVerdictsAsync(test, detection.Verdicts);
            foreach (var dependency in detection.OrderDependencies)
            {
                await test.Output.WriteLineAsync($"ORDER  {dependency.Id} fails after {dependency.After}");
            }

            foreach (var note in detection.Notes)
            {
                await test.Output.WriteLineAsync(note);
            }

            await test.Output.WriteLineAsync(
                $"{detection.Flaky} flaky of {detection.TestsAnalysed} tests with failures; {detection.Reruns} rerun(s) for {detection.Failures} failure(s) ({detection.RerunsPerFailure:0.00} per failure), {detection.OrderRuns} reordered run(s).");
            return ExitCodes.Ok;
        }

        var verdicts = await test.Service<FlakyTestStore>().ListAsync(repository, null, 1000, cancellationToken);
        if (test.Json)
        {
            test.WriteJson(verdicts);
            return ExitCodes.Ok;
        }

        if (verdicts.Count == 0)
        {
            await test.Output.WriteLineAsync($"No flaky test known for {repository}: run its tests (lightning test run), or detect with --detect.");
            return ExitCodes.Ok;
        }

        await WriteVerdictsAsync(test, verdicts);
        return ExitCodes.Ok;
    }

    static async Task WriteVerdictsAsync(TestInvocation test, IReadOnlyList<FlakyVerdict> verdicts)
    {
        var table = new TextTable("STATUS", "TEST", "KIND", "SCORE", "FAILED", "QUARANTINED");
        foreach (var verdict in verdicts)
        {
            table.Add(verdict.Status.ToString().ToLowerInvariant(), verdict.Id, verdict.Status == FlakyStatus.Flaky ? FlakyAnalyzer.KindName(verdict.Kind) : Formats.None,
                verdict.Score.ToString("0.00", CultureInfo.InvariantCulture), $"{verdict.Failures}/{verdict.Runs}", verdict.Quarantined ? "yes" : "no");
        }

        table.Write(test.Output);
        foreach (var verdict in verdicts.Where(v => v.Evidence.Count > 0 || v.Status != FlakyStatus.Flaky))
        {
            await test.Output.WriteLineAsync($"{verdict.Id}: {verdict.Summary}");
            foreach (var evidence in verdict.Evidence)
            {
                await test.Output.WriteLineAsync($"  - {evidence.Detail}");
            }
        }
    }

    static async Task<int> WriteAsync<T>(TestInvocation test, T value, string text)
    {
        if (test.Json)
        {
            test.WriteJson(value);
        }
        else
        {
            await test.Output.WriteLineAsync(text);
        }
        return ExitCodes.Ok;
    }
}
