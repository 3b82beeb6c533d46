using System.Globalization;
using System.Text.Json;
using Lightning.Benchmarks.Git;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Reporting;

namespace Lightning.Benchmarks;

// --only git: the platform's git reads and conflict predictor against the git CLI.
internal static partial class BenchmarkRunner
{
    /// <summary>The targets: each operation within 1.2× of the git CLI, the conflict check under 10 s.</summary>
    const double GitRatioTarget = 1.2;
    const double ConflictCheckTargetMs = 10_000;

    static async Task<int> RunGitAsync(BenchOptions options, MachineInfo machine, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"5. Git: a generated repository of {GitBenchRepository.CommitCount:#,0} commits, {GitBenchRepository.FileCount:#,0} files and "
            + $"{GitBenchRepository.BranchCount} feature branches; ours in this process, the git CLI ({GitVersion()}) as a child process");
        GitResult result;
        var machineBefore = MachineInfo.MachineBusySeconds();
        var selfBefore = MachineInfo.SelfAndChildrenCpuSeconds();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            result = await new GitBenchmark(options, output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the git benchmark failed: {ex}");
            return ExitFailed;
        }

        // Git children are waited for, so their CPU is in this process's children's time: the rest is other work.
        var seconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var foreign = Math.Max(0, MachineInfo.MachineBusySeconds() - machineBefore - (MachineInfo.SelfAndChildrenCpuSeconds() - selfBefore)) / seconds;
        result = result with { ForeignCores = foreign };
        output.WriteLine();
        output.WriteLine($"load after: load average {MachineInfo.LoadAverageNow()}; other processes kept {foreign:0.00} of {machine.Cores} cores busy on average during this benchmark");
        output.WriteLine();
        output.WriteLine($"git: {result.Rounds} round(s), median [min–max] in ms; ratio = ours ÷ git CLI (medians)");
        var table = new TextTable("operation", "ours (ms)", "git CLI (ms)", "ratio", "answer (ours = git)", "target", "verdict");
        List<string> targets = [];
        var mismatches = 0;
        foreach (var timing in result.Operations)
        {
            var ours = Stats.Across(timing.OursMs);
            var cli = Stats.Across(timing.CliMs);
            var ratio = ours.Median / cli.Median;
            var isConflicts = timing.Operation.StartsWith("conflict", StringComparison.Ordinal);
            var judged = timing.Operation != GitBenchmark.StatusInProcess;
            var ratioMet = ratio <= GitRatioTarget;
            var verdict = ratioMet ? "met" : $"MISSED ({ratio:0.00}×)";
            var target = $"≤ {GitRatioTarget:0.0}× git";
            if (isConflicts)
            {
                target += ", < 10 s";
                var timeMet = ours.Median < ConflictCheckTargetMs;
                verdict = (ratioMet, timeMet) switch
                {
                    (true, true) => "met",
                    (false, true) => $"time met, ratio MISSED ({ratio:0.00}×)",
                    (true, false) => "ratio met, time MISSED",
                    _ => "MISSED",
                };
            }

            if (!judged)
            {
                (target, verdict) = ("(for the back-end choice)", string.Empty);
            }

            if (!timing.SameAnswer)
            {
                mismatches++;
                verdict = "ANSWERS DIFFER";
            }

            table.Add(timing.Operation, Format.WithRange(ours, Format.Ms), Format.WithRange(cli, Format.Ms), Format.Ratio(ours.Median, cli.Median),
                timing.SameAnswer ? timing.OursAnswer : $"{timing.OursAnswer} ≠ {timing.CliAnswer}", target, verdict);
            if (judged)
            {
                targets.Add($"target git {timing.Operation}: {verdict}");
            }
        }

        output.Write(table.ToString());
        output.WriteLine();
        foreach (var timing in result.Operations)
        {
            output.WriteLine($"  {timing.Operation}: ours = {timing.Ours}; git = {timing.Cli}");
        }

        output.WriteLine();
        PrintTargets(options, targets, output);
        if (options.JsonPath is { } path)
        {
            var document = new { date = DateTimeOffset.UtcNow, machine, options = new { options.Quick, result.Rounds }, git = result };
            await using (var stream = File.Create(path))
            {
                await JsonSerializer.SerializeAsync(stream, document, JsonOptions, cancellationToken);
            }

            output.WriteLine($"Results written to {path}");
        }

        if (mismatches > 0)
        {
            Console.Error.WriteLine($"error: {mismatches} git operation(s) gave a different answer from the git CLI; see the table.");
            return ExitFailed;
        }

        return ExitOk;
    }

    static string GitVersion()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["--version"]) { RedirectStandardOutput = true, UseShellExecute = false });
        var text = process?.StandardOutput.ReadToEnd().Trim() ?? "git";
        process?.WaitForExit();
        return text.Replace("git version ", "git ", StringComparison.Ordinal);
    }
}
