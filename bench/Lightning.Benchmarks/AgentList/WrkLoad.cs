using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Lightning.Benchmarks.Hosting;

namespace Lightning.Benchmarks.AgentList;

/// <summary>
/// The comparator: wrk, a C load generator, in its documented configuration (-t threads, -c connections, keep-alive,
/// --latency for the percentile table). It shows how much of the measured latency is the .NET client's own.
/// </summary>
internal static partial class WrkLoad
{
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    [GeneratedRegex(@"^\s*(?<p>50|90|99)%\s+(?<value>[\d.]+)(?<unit>us|ms|s|m)\s*$", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex PercentileLine();

    [GeneratedRegex(@"^\s*Latency\s+[\d.]+(us|ms|s|m)\s+[\d.]+(us|ms|s|m)\s+(?<max>[\d.]+)(?<unit>us|ms|s|m)", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex LatencyLine();

    [GeneratedRegex(@"^\s*(?<count>\d+) requests in (?<value>[\d.]+)(?<unit>us|ms|s|m)", RegexOptions.Multiline | RegexOptions.ExplicitCapture)]
    private static partial Regex RequestsLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses: (\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrorsLine();

    public static async Task<LoadResult> RunAsync(string wrk, ServerProcess server, Uri path, int connections, int threads, TimeSpan duration, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Arguments(server, path, connections, threads, duration))
        {
            info.ArgumentList.Add(argument);
        }

        var before = server.CpuTime;
        var gcBefore = server.Gc;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("wrk did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var serverCpu = server.CpuTime - before;
        // The server reports its GC figures every 100 ms.
        await Task.Delay(150, cancellationToken);
        var gc = server.Gc - gcBefore;
        var workingSet = server.WorkingSetMiB;
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with code {process.ExitCode}: {await stderr}{output}");
        }

        return Parse(output, serverCpu, gc, workingSet);
    }

    public static IReadOnlyList<string> Arguments(ServerProcess server, Uri path, int connections, int threads, TimeSpan duration) =>
    [
        "-t", threads.ToString(CultureInfo.InvariantCulture),
        "-c", connections.ToString(CultureInfo.InvariantCulture),
        "-d", $"{Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture)}s",
        "--latency",
        "-H", $"Authorization: Bearer {server.ApiKey}",
        new Uri(server.BaseUri, path).ToString(),
    ];

    static LoadResult Parse(string output, TimeSpan serverCpu, GcSnapshot gc, double workingSetMiB)
    {
        var percentiles = PercentileLine().Matches(output).ToDictionary(m => m.Groups["p"].Value, m => Milliseconds(m.Groups["value"].Value, m.Groups["unit"].Value), StringComparer.Ordinal);
        var latency = LatencyLine().Match(output);
        var requests = RequestsLine().Match(output);
        if (!latency.Success || !requests.Success || !percentiles.TryGetValue("50", out var p50) || !percentiles.TryGetValue("90", out var p90) || !percentiles.TryGetValue("99", out var p99))
        {
            throw new FormatException($"Cannot read wrk's output:\n{output}");
        }

        long errors = 0;
        if (Non2xxLine().Match(output) is { Success: true } non2xx)
        {
            errors += long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        if (SocketErrorsLine().Match(output) is { Success: true } socket)
        {
            errors += Enumerable.Range(1, 4).Sum(group => long.Parse(socket.Groups[group].Value, CultureInfo.InvariantCulture));
        }

        return new LoadResult(
            "wrk",
            long.Parse(requests.Groups["count"].Value, CultureInfo.InvariantCulture),
            errors,
            Milliseconds(requests.Groups["value"].Value, requests.Groups["unit"].Value) / 1000,
            p50,
            p90,
            p99,
            Milliseconds(latency.Groups["max"].Value, latency.Groups["unit"].Value),
            serverCpu.TotalSeconds,
            gc.PauseMs,
            gc.Gen0,
            workingSetMiB);
    }

    static double Milliseconds(string value, string unit)
    {
        var number = double.Parse(value, CultureInfo.InvariantCulture);
        return unit switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            _ => number * 60_000,
        };
    }
}
