using System.Diagnostics;
using Lightning.Benchmarks.Alerting;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Reporting;

namespace Lightning.Benchmarks;

// --only alerting: benchmark 4 of issue 6, breach → notification at the receiver with default alert settings.
internal static partial class BenchmarkRunner
{
    const double AlertingP95TargetSeconds = 15;

    static async Task<int> RunAlertingAsync(BenchOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"4 (issue 6). Alerting latency: {options.AlertingBreaches} breaches on the real server (child process, embedded metric store, "
            + "DEFAULT alert settings: interval 5 s, for 0, group_wait 5 s, loop tick 1 s), one threshold rule per breach, webhook to a receiver in the bench");
        output.WriteLine($"   comparator: none. InfluxDB 1.6 has no alerting (that is Kapacitor's job, and Kapacitor {KapacitorCandidate()}); load average before {MachineInfo.LoadAverageNow()}");
        ServerProcess server;
        try
        {
            server = await ServerProcess.StartAsync(options.DataParent, options.ServerEnvironment, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            Console.Error.WriteLine($"error: the server did not start: {ex.Message}");
            return ExitFailed;
        }

        AlertingResult result;
        await using (server)
        {
            try
            {
                result = await new AlertingBenchmark(server, options.AlertingBreaches, output).RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or TimeoutException or IOException or System.Text.Json.JsonException)
            {
                Console.Error.WriteLine($"error: {ex.Message}\nserver output:\n{server.RecentLog()}");
                return ExitFailed;
            }
        }

        var firing = result.Breaches.Select(b => b.FiringSeconds).Order().ToArray();
        var resolved = result.Breaches.Select(b => b.ResolvedSeconds).Order().ToArray();
        var p95 = Stats.Percentile(firing, 0.95);
        output.WriteLine($"   breach → webhook: p50 {Stats.Percentile(firing, 0.5):0.00} s, p95 {p95:0.00} s, max {firing[^1]:0.00} s (target p95 ≤ {AlertingP95TargetSeconds} s)");
        output.WriteLine($"   recovery → resolution: p50 {Stats.Percentile(resolved, 0.5):0.00} s, max {resolved[^1]:0.00} s (held by group_interval, 1 min by default, after the firing notification)");
        output.WriteLine($"   unexpected notifications: {result.UnexpectedNotifications}; load average after {MachineInfo.LoadAverageNow()} (shared machine)");
        var met = p95 <= AlertingP95TargetSeconds && result.UnexpectedNotifications == 0;
        output.WriteLine(met ? "   target met" : "   TARGET MISSED");
        return options.Quick || met ? ExitOk : ExitFailed;
    }

    /// <summary>What apt says about Kapacitor on this machine (the InfluxDB 1.x alerting engine).</summary>
    static string KapacitorCandidate()
    {
        try
        {
            var info = new ProcessStartInfo("apt-cache") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add("policy");
            info.ArgumentList.Add("kapacitor");
            using var process = Process.Start(info)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return text.Contains("Candidate:", StringComparison.Ordinal) && !text.Contains("Candidate: (none)", StringComparison.Ordinal)
                ? "is installable here but not installed" : "is not available from this machine's apt sources";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "could not be looked up (no apt-cache)";
        }
    }
}
