using System.CommandLine;
using System.Globalization;
using System.Net;
using Lightning.Cli.Api;
using Lightning.Cli.Output;
using Lightning.Monitoring.Querying;
using Lightning.Server.Endpoints.Monitoring;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>monitor top [--host H] [--interval 1s] [--once] [--sort cpu|mem] [--limit N]</c>: a host's CPU, memory, load,
/// disks and network and its busiest processes (<c>procstat</c>), read from the query API and redrawn in place on a
/// terminal; one frame with <c>--once</c> or when stdout is not a terminal. Ctrl+C ends it with exit code 0.
/// </summary>
internal sealed class MonitorTopCommand : ServerCommand
{
    readonly Option<string> _host = new("--host") { Description = "Only points tagged host=H (Telegraf's tag) [default: every point]", HelpName = "H" };
    readonly Option<string> _interval = new("--interval") { Description = "Refresh every (1s, 5s) [default: 2s]", HelpName = "DURATION" };
    readonly Option<bool> _once = new("--once") { Description = "Print one frame and exit" };
    readonly Option<string> _sort = new("--sort") { Description = "Order processes by cpu or mem [default: cpu]", HelpName = "cpu|mem" };
    readonly Option<int?> _limit = NumberOption.Create("--limit", "Processes shown (1-200) [default: 10]", "N", 1, 200);

    public MonitorTopCommand(CliContext context)
        : base("top", "A live view of a host and its busiest processes, like top (calls the server)", context)
    {
        Add(_host);
        Add(_interval);
        Add(_once);
        Add(_sort);
        Add(_limit);
        Validators.Add(result =>
        {
            if (result.GetValue(_sort) is { } sort && sort is not ("cpu" or "mem")) result.AddError($"--sort: '{sort}' is not cpu or mem.");
            try
            {
                if (result.GetValue(_interval) is { } interval && MetricQueryText.ParseDuration(interval, "--interval") < TimeSpan.FromMilliseconds(200))
                    result.AddError("--interval must be at least 200ms.");
            }
            catch (Lightning.Core.Errors.ValidationFailedException ex)
            {
                result.AddError(string.Join(" ", ex.Errors.Select(pair => $"{pair.Key}: {string.Join(" ", pair.Value)}")));
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var interval = invocation.Value(_interval) is { } text ? MetricQueryText.ParseDuration(text, "--interval") : TimeSpan.FromSeconds(2);
        var live = !invocation.Value(_once) && invocation.Console.HandlesSignals && !Console.IsOutputRedirected;
        var reader = new TopReader(invocation.Client, invocation.Value(_host), invocation.Value(_sort) ?? "cpu", invocation.Value(_limit) ?? 10);
        try
        {
            do
            {
                var frame = await reader.FrameAsync(interval, cancellationToken);
                // Home, draw, then clear what an older, longer frame left below.
                if (live) await invocation.Output.WriteAsync("\u001b[H");
                await invocation.Output.WriteAsync(live ? frame.Replace("\n", "\u001b[K\n", StringComparison.Ordinal) + "\u001b[J" : frame);
                await invocation.Output.FlushAsync(cancellationToken);
                if (live) await Task.Delay(interval, cancellationToken);
            }
            while (live);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && live)
        {
            // Ctrl+C is how top ends.
        }

        return ExitCodes.Ok;
    }

    /// <summary>One frame: every figure is the newest value within the window, each read by one query (in parallel).</summary>
    sealed class TopReader(LightningClient client, string? host, string sort, int limit)
    {
        public async Task<string> FrameAsync(TimeSpan interval, CancellationToken cancellationToken)
        {
            // Collectors write every 10 s by default: look back far enough to always see the newest run.
            var window = $"now-{(int)Math.Max(60, interval.TotalSeconds * 3)}s";
            var cpu = LastAsync("cpu", "usage_active", "cpu=cpu-total", null, window, cancellationToken);
            var iowait = LastAsync("cpu", "usage_iowait", "cpu=cpu-total", null, window, cancellationToken);
            var load1 = LastAsync("system", "load1", null, null, window, cancellationToken);
            var load5 = LastAsync("system", "load5", null, null, window, cancellationToken);
            var load15 = LastAsync("system", "load15", null, null, window, cancellationToken);
            var cores = LastAsync("system", "n_cpus", null, null, window, cancellationToken);
            var memUsed = LastAsync("mem", "used", null, null, window, cancellationToken);
            var memTotal = LastAsync("mem", "total", null, null, window, cancellationToken);
            var swapUsed = LastAsync("swap", "used", null, null, window, cancellationToken);
            var swapTotal = LastAsync("swap", "total", null, null, window, cancellationToken);
            var disks = LastAsync("disk", "used_percent", null, "path", window, cancellationToken);
            var received = LastAsync("net", "bytes_recv_per_sec", null, "interface", window, cancellationToken);
            var sent = LastAsync("net", "bytes_sent_per_sec", null, "interface", window, cancellationToken);
            // source=platform rows are the platform's own runs added up per program (no pid): their PID column shows
            // how many of them run.
            var procCpu = LastAsync("procstat", "cpu_usage", null, "pid,process_name,source", window, cancellationToken);
            var procRss = LastAsync("procstat", "memory_rss", null, "pid,process_name,source", window, cancellationToken);
            var procThreads = LastAsync("procstat", "num_threads", null, "pid,process_name,source", window, cancellationToken);
            var procRunning = LastAsync("procstat", "processes", "source=platform", "process_name", window, cancellationToken);
            await Task.WhenAll(cpu, iowait, load1, load5, load15, cores, memUsed, memTotal, swapUsed, swapTotal, disks, received, sent, procCpu, procRss, procThreads, procRunning);

            var text = new StringWriter(CultureInfo.InvariantCulture);
            text.WriteLine($"lightning top - {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC - host {host ?? "(all points)"} - {client.Server}");
            text.WriteLine($"CPU   {Percent(One(cpu))} used, iowait {Percent(One(iowait))}   load {Plain(One(load1))} {Plain(One(load5))} {Plain(One(load15))}   cores {Plain(One(cores))}");
            text.WriteLine($"MEM   {Bytes(One(memUsed))} / {Bytes(One(memTotal))} ({Percent(Ratio(One(memUsed), One(memTotal)))})   swap {Bytes(One(swapUsed))} / {Bytes(One(swapTotal))}");
            text.WriteLine("DISK  " + Join(disks.Result.Select(d => $"{Tag(d, "path")} {Percent(d.Value)}")));
            var sentBy = sent.Result.ToDictionary(s => Tag(s, "interface"), s => s.Value, StringComparer.Ordinal);
            text.WriteLine("NET   " + Join(received.Result.Select(r => $"{Tag(r, "interface")} rx {Bytes(r.Value)}/s tx {Bytes(sentBy.GetValueOrDefault(Tag(r, "interface")))}/s")));
            text.WriteLine();

            var rss = procRss.Result.ToDictionary(Key, p => p.Value, StringComparer.Ordinal);
            var threads = procThreads.Result.ToDictionary(Key, p => p.Value, StringComparer.Ordinal);
            var running = procRunning.Result.ToDictionary(p => Tag(p, "process_name"), p => p.Value, StringComparer.Ordinal);
            var processes = procCpu.Result.Select(p => (Pid: PidColumn(p, running), Name: Tag(p, "process_name"), Cpu: p.Value, Rss: rss.GetValueOrDefault(Key(p)), Threads: threads.GetValueOrDefault(Key(p))));
            processes = sort == "mem" ? processes.OrderByDescending(p => p.Rss ?? -1) : processes.OrderByDescending(p => p.Cpu ?? -1);
            var table = new TextTable("PID", "NAME", "CPU%", "RSS", "THREADS");
            foreach (var process in processes.Take(limit))
                table.Add(process.Pid, Formats.Truncate(process.Name, 24), Plain(process.Cpu), Bytes(process.Rss), Plain(process.Threads));
            if (table.Count == 0) text.WriteLine("No procstat points in the window: are the process collectors running?");
            else table.Write(text);
            return text.ToString();
        }

        async Task<IReadOnlyList<Reading>> LastAsync(string measurement, string field, string? where, string? groupBy, string from, CancellationToken cancellationToken)
        {
            var filters = string.Join(',', new[] { where, host is null ? null : $"host={host}" }.Where(part => part is not null));
            try
            {
                var view = (await client.QueryMetricsAsync(new Dictionary<string, string?>
                {
                    ["measurement"] = measurement, ["field"] = field, ["where"] = filters.Length == 0 ? null : filters, ["from"] = from,
                    ["aggregate"] = "last", ["groupBy"] = groupBy,
                }, cancellationToken)).Value;
                return [.. view.Series.Select(series => new Reading(series.Tags, series.Values.LastOrDefault(value => value is not null)))];
            }
            catch (LightningApiException ex) when (ex.Status == HttpStatusCode.NotFound)
            {
                // Not collected on this server (yet): shown as "-".
                return [];
            }
        }

        static double? One(Task<IReadOnlyList<Reading>> readings) => readings.Result.Count > 0 ? readings.Result[0].Value : null;

        static string Key(Reading reading) => Tag(reading, "pid") + "/" + Tag(reading, "process_name") + "/" + Tag(reading, "source");

        static string PidColumn(Reading reading, Dictionary<string, double?> running) =>
            Tag(reading, "source") == "platform"
                ? "run×" + Plain(running.GetValueOrDefault(Tag(reading, "process_name")) ?? 0)
                : Tag(reading, "pid");

        static string Tag(Reading reading, string key) => reading.Tags.TryGetValue(key, out var value) ? value : "-";

        static string Join(IEnumerable<string> parts) => parts.Any() ? string.Join("   ", parts) : Formats.None;

        static double? Ratio(double? part, double? whole) => part is { } p && whole is > 0 ? 100 * p / whole.Value : null;

        static string Percent(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) + "%" : Formats.None;

        static string Plain(double? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : Formats.None;

        static string Bytes(double? value)
        {
            if (value is not { } v) return Formats.None;
            string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
            var unit = 0;
            while (Math.Abs(v) >= 1024 && unit < units.Length - 1)
            {
                v /= 1024;
                unit++;
            }

            return (unit == 0 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.0", CultureInfo.InvariantCulture)) + " " + units[unit];
        }
    }

    sealed record Reading(IReadOnlyDictionary<string, string> Tags, double? Value);
}
