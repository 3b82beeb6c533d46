using System.Globalization;
using Lightning.Cli.Output;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Cli.Commands;

/// <summary>How test runs, totals and outcomes look in the CLI's human output.</summary>
internal static class TestText
{
    public static string Tools(DetectedTestProject project, ToolchainReport? toolchain)
    {
        if (!project.Supported)
        {
            return "not supported";
        }

        if (toolchain is null)
        {
            return Formats.None;
        }

        return toolchain.Ready ? "ready" : "missing " + string.Join(", ", toolchain.Missing.Select(tool => $"{tool.Program} ({tool.Package})"));
    }

    public static string Duration(TimeSpan? duration) =>
        duration is { } value ? Formats.Duration((long)Math.Round(value.TotalMilliseconds)) : Formats.None;

    /// <summary><c>3 passed, 1 failed, 1 skipped</c>: the counts that are not zero, in a fixed order.</summary>
    public static string Counts(TestTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        var parts = new List<string>();
        void Add(int count, string what)
        {
            if (count > 0)
            {
                parts.Add(count.ToString(CultureInfo.InvariantCulture) + " " + what);
            }
        }

        Add(totals.Passed, "passed");
        Add(totals.Failed, "failed");
        Add(totals.Errored, "errored");
        Add(totals.Flaky, "flaky");
        Add(totals.Skipped, "skipped");
        Add(totals.SuiteErrors, totals.SuiteErrors == 1 ? "suite error" : "suite errors");
        return parts.Count == 0 ? "no tests" : string.Join(", ", parts);
    }

    public static string Status(TestRunStatus status) => status.ToName();

    /// <summary>The first line of a failure message, short enough for a table.</summary>
    public static string Message(string? message, int width = 100)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return Formats.None;
        }

        var line = message.Split('\n', 2)[0].Trim();
        return Formats.Truncate(line, width);
    }

    /// <summary>The exit code of a finished run: 0 passed, 1 failed or errored, 8 timed out, 130 cancelled.</summary>
    public static int ExitCode(TestRunStatus status) => status switch
    {
        TestRunStatus.Passed => ExitCodes.Ok,
        TestRunStatus.TimedOut => ExitCodes.TimedOut,
        TestRunStatus.Cancelled => ExitCodes.Cancelled,
        _ => ExitCodes.Failure,
    };

    /// <summary>A run's summary, its projects and its failures.</summary>
    public static async Task WriteRunAsync(TextWriter output, TestRunDetails details, int maxFailures = 50)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(details);
        var run = details.Run;
        var where = run.CommitSha is { } sha ? $" at {sha[..Math.Min(12, sha.Length)]}{(run.Branch is { } branch ? $" ({branch})" : string.Empty)}" : string.Empty;
        await output.WriteLineAsync($"Test run {run.Id} of {run.Repository}{where}: {Status(run.Status)}, {Counts(run.Totals)} in {Duration(run.Duration)}.");
        if (details.Projects.Count > 0)
        {
            var table = new TextTable("FRAMEWORK", "PROJECT", "TOTAL", "PASSED", "FAILED", "ERRORED", "SKIPPED", "FLAKY", "TEST TIME", "EXIT");
            foreach (var project in details.Projects)
            {
                var totals = project.Totals;
                table.Add(project.Framework, project.Root, Formats.Number(totals.Total), Formats.Number(totals.Passed), Formats.Number(totals.Failed),
                    Formats.Number(totals.Errored), Formats.Number(totals.Skipped), Formats.Number(totals.Flaky), Duration(totals.Duration),
                    project.TimedOut ? "timed out" : project.ExitCode is { } code ? Formats.Number(code) : Formats.None);
            }

            table.Write(output);
        }

        var failures = details.Results.Where(r => r.Outcome is TestOutcome.Failed or TestOutcome.Errored).ToList();
        if (failures.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("Failures:");
            var table = new TextTable("OUTCOME", "TEST", "WHERE", "MESSAGE");
            foreach (var failure in failures.Take(maxFailures))
            {
                table.Add(Formats.Kebab(failure.Outcome), failure.Id, failure.File is { } file ? failure.Line is { } line ? $"{file}:{line}" : file : Formats.None,
                    Message(failure.FailureMessage));
            }

            table.Write(output);
            if (failures.Count > maxFailures)
            {
                await output.WriteLineAsync($"... and {failures.Count - maxFailures} more: lightning test history {run.Id}");
            }
        }

        var flaky = details.Results.Where(r => r.Outcome == TestOutcome.Flaky).ToList();
        if (flaky.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Flaky (failed, then passed on a retry): {string.Join(", ", flaky.Select(r => $"{r.Id} ({r.Attempts} attempts)"))}");
        }

        if (details.Coverage is { } coverage)
        {
            var totals = coverage.Totals;
            static string Part(double? percent, int covered, int total, string what) =>
                percent is { } value ? string.Create(CultureInfo.InvariantCulture, $"{value:0.0}% {what} ({covered}/{total})") : $"no {what}";
            var goals = coverage.Goals is null ? string.Empty : coverage.Goals.Passed ? "; goals met" : "; goals MISSED";
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Coverage: {Part(totals.LinePercent, totals.LinesCovered, totals.LinesTotal, "lines")}, "
                + $"{Part(totals.BranchPercent, totals.BranchesCovered, totals.BranchesTotal, "branches")}, "
                + $"{Part(totals.FunctionPercent, totals.FunctionsCovered, totals.FunctionsTotal, "functions")} in {coverage.Files} files{goals}.");
            foreach (var why in coverage.Unavailable)
            {
                await output.WriteLineAsync(why);
            }
        }

        if (run.Error is { } error)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync(error);
        }
    }
}
