using System.Globalization;
using System.Text.Json;
using Lightning.Benchmarks.Actions;
using Lightning.Benchmarks.AgentList;
using Lightning.Benchmarks.Bus;
using Lightning.Benchmarks.Hosting;
using Lightning.Benchmarks.Reporting;

namespace Lightning.Benchmarks;

/// <summary>Runs both benchmarks against one server child, prints the tables and checks the issue's targets.</summary>
internal static partial class BenchmarkRunner
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    /// <summary>The issue's targets, in milliseconds.</summary>
    const double AgentListP99TargetMs = 5;
    const double ActionOverheadTargetMs = 5;
    const double BusThroughputRatioTarget = 2;
    const double BusPublishP99TargetMs = 5;

    static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return ExitUsage;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        var cancellationToken = cancel.Token;
        var output = Console.Out;

        var machine = MachineInfo.Read();
        var busyBefore = await MachineInfo.BusyFractionAsync(TimeSpan.FromSeconds(1), cancellationToken);
        output.WriteLine($"Agent Lightning benchmarks{(options.Quick ? " (quick: checks that it works; figures are not meaningful)" : string.Empty)}");
        output.WriteLine($"  date     {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        output.WriteLine($"  machine  {machine.Cores} cores ({machine.Cpu}), {machine.MemoryGiB:0.0} GiB, {machine.Os}, {machine.Runtime}");
        output.WriteLine($"  load     load average {machine.LoadAverage}; {Percent(busyBefore)} of all cores busy in the second before start");
        output.WriteLine($"  args     {(args.Length == 0 ? "(defaults)" : string.Join(' ', args))}");

        if (options.RunCollectors)
        {
            return await RunCollectorsAsync(options, machine, output, cancellationToken);
        }

        if (options.RunDashboard)
        {
            return await RunDashboardAsync(options, output, cancellationToken);
        }

        if (options.RunMetricStore)
        {
            return await RunMetricStoreAsync(options, output, cancellationToken);
        }

        if (options.RunIngest)
        {
            return await RunIngestAsync(options, output, cancellationToken);
        }

        if (options.RunAlerting)
        {
            return await RunAlertingAsync(options, output, cancellationToken);
        }

        if (options.RunAnomaly)
        {
            return RunAnomaly(options, output);
        }

        if (options.RunFlaky)
        {
            return await RunFlakyAsync(options, output, cancellationToken);
        }

        if (options.RunTestGeneration)
        {
            return await RunTestGenerationAsync(options, output, cancellationToken);
        }

        if (options.RunTestSelection || options.RunTestWatch)
        {
            return options.RunTestSelection ? await RunTestSelectionAsync(options, output, cancellationToken) : await RunTestWatchAsync(options, output, cancellationToken);
        }

        if (options.RunGit)
        {
            return await RunGitAsync(options, machine, output, cancellationToken);
        }

        if (options.RunBus)
        {
            return await RunBusAsync(options, machine, busyBefore, output, cancellationToken);
        }

        if (options.RunScheduler && !options.RunAgentList && !options.RunActionStart)
        {
            return await RunSchedulerAsync(options, machine, busyBefore, output, writeJson: true, cancellationToken);
        }

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

        AgentListResult? agentList = null;
        ActionStartResult? actionStart = null;
        double busyAfter;
        await using (server)
        {
            output.WriteLine($"  server   child process {server.ProcessId} at {server.BaseUri}, {(server.ServerGc ? "server" : "workstation")} GC, "
                + $"Production, log level Warning, SQLite (WAL) in {server.DataDirectory}, rate limit lifted"
                + string.Concat(options.ServerEnvironment.Select(pair => $", {pair.Key}={pair.Value}")));
            try
            {
                if (options.RunAgentList)
                {
                    output.WriteLine();
                    output.WriteLine($"1. GET /{AgentListBenchmark.Path}: {options.Clients} concurrent clients, closed loop, {options.Rounds} round(s) of {options.Duration.TotalSeconds:0.#} s per client");
                    var foreign = new ForeignLoad(server);
                    agentList = await AgentListBenchmark.RunAsync(server, options, output, cancellationToken);
                    agentList = agentList with { ForeignCores = foreign.Cores() };
                    output.WriteLine($"  other processes on the machine kept {agentList.ForeignCores:0.00} cores busy on average during this benchmark");
                }

                if (options.RunActionStart)
                {
                    output.WriteLine();
                    output.WriteLine($"2. Starting '{options.Command}': bare Process.Start, ProcessRunner and a local command action through the API");
                    var foreign = new ForeignLoad(server);
                    actionStart = await new ActionStartBenchmark(server, options, output).RunAsync(cancellationToken);
                    actionStart = actionStart with { ForeignCores = foreign.Cores() };
                    output.WriteLine($"  other processes on the machine kept {actionStart.ForeignCores:0.00} cores busy on average during this benchmark");
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or FormatException or System.Net.WebSockets.WebSocketException or IOException or JsonException)
            {
                Console.Error.WriteLine($"error: {ex.Message}\nserver output:\n{server.RecentLog()}");
                return ExitFailed;
            }

            busyAfter = await MachineInfo.BusyFractionAsync(TimeSpan.FromSeconds(1), cancellationToken);
        }

        output.WriteLine();
        output.WriteLine($"load after: load average {MachineInfo.LoadAverageNow()}; {Percent(busyAfter)} of all cores busy in the second after the server stopped");
        List<string> targets = [];
        if (agentList is not null)
        {
            output.WriteLine();
            targets.AddRange(PrintAgentList(agentList, options, output));
        }

        if (actionStart is not null)
        {
            output.WriteLine();
            targets.AddRange(PrintActionStart(actionStart, output));
        }

        var errors = (agentList?.Ours.Sum(r => r.Errors) ?? 0) + (agentList?.Wrk.Sum(r => r.Errors) ?? 0) + (actionStart?.Errors ?? 0);
        output.WriteLine();
        PrintTargets(options, targets, output);

        if (options.JsonPath is { } path)
        {
            await WriteJsonAsync(path, options, machine, busyBefore, busyAfter, agentList, actionStart, cancellationToken);
            output.WriteLine($"Results written to {path}");
        }

        if (errors > 0)
        {
            Console.Error.WriteLine($"error: {errors} request(s) or action(s) failed; see above.");
            return ExitFailed;
        }

        if (options.RunScheduler)
        {
            // --quick without --only: the scheduler phase too, in this process (its JSON is written only with --only scheduler).
            var scheduler = await RunSchedulerAsync(options, machine, busyBefore, output, writeJson: false, cancellationToken);
            if (scheduler != ExitOk)
            {
                return scheduler;
            }
        }

        output.WriteLine(options.Quick ? "OK: every phase ran without errors." : "Done.");
        return ExitOk;
    }

    static List<string> PrintAgentList(AgentListResult result, BenchOptions options, TextWriter output)
    {
        var table = new TextTable("figure", "ours: .NET HttpClient", result.WrkSkipped is null ? "comparator: wrk" : "comparator: wrk (skipped)", "ratio ours/wrk");
        void Row(string figure, Func<LoadResult, double> value, Func<double, string> format)
        {
            var ours = Stats.Across(result.Ours.Select(value));
            var wrk = Stats.Across(result.Wrk.Select(value));
            table.Add(figure, Format.WithRange(ours, format), result.Wrk.Count == 0 ? "n/a" : Format.WithRange(wrk, format), Format.Ratio(ours.Median, wrk.Median));
        }

        Row("requests/s", r => r.RequestsPerSecond, v => Format.Number(v));
        Row("latency p50 (ms)", r => r.P50Ms, Format.Ms);
        Row("latency p90 (ms)", r => r.P90Ms, Format.Ms);
        Row("latency p99 (ms)", r => r.P99Ms, Format.Ms);
        Row("latency max (ms)", r => r.MaxMs, Format.Ms);
        Row("server CPU per request (µs)", r => r.ServerCpuMicrosecondsPerRequest, v => Format.Number(v, "0"));
        Row("server CPU busy (cores of 2)", r => r.ServerCores, v => Format.Number(v, "0.00"));
        Row("server GC pauses (% of run)", r => r.ServerGcPauseShare * 100, v => Format.Number(v, "0.0"));
        Row("server GCs per second", r => r.ServerGcCount / r.Seconds, v => Format.Number(v, "0.0"));
        Row("server resident memory after the run (MiB)", r => r.ServerWorkingSetMiB, v => Format.Number(v, "0"));
        Row("failed requests", r => r.Errors, v => Format.Number(v));

        output.WriteLine($"GET /{AgentListBenchmark.Path} ({result.Agents} agents, {result.ResponseBytes:#,0} bytes), {options.Clients} concurrent keep-alive clients, closed loop; "
            + $"median of {options.Rounds} run(s) of {options.Duration.TotalSeconds:0.#} s [min–max]; client and server share the machine's cores; "
            + $"other processes kept {result.ForeignCores:0.00} cores busy meanwhile");
        output.Write(table.ToString());

        var oursP99 = Stats.Across(result.Ours.Select(r => r.P99Ms)).Median;
        var wrkP99 = result.Wrk.Count == 0 ? double.NaN : Stats.Across(result.Wrk.Select(r => r.P99Ms)).Median;
        return
        [
            $"Target: agent list p99 < {AgentListP99TargetMs} ms at {options.Clients} clients — with wrk: {Verdict(wrkP99, AgentListP99TargetMs)}; with our .NET client: {Verdict(oursP99, AgentListP99TargetMs)}",
        ];
    }

    static List<string> PrintActionStart(ActionStartResult result, TextWriter output)
    {
        var table = new TextTable("figure", "ours median (p90)", "comparator median (p90)", "overhead: ours − comparator, median [per-round range]", "ratio");
        IReadOnlyList<double> Samples(string kind) => result.Samples.TryGetValue(kind, out var samples) ? samples : [];
        string MedianP90(string kind)
        {
            var sorted = Samples(kind).Order().ToArray();
            return $"{Format.Ms(Stats.Median(sorted))} ({Format.Ms(Stats.Percentile(sorted, 0.9))})";
        }

        Spread Overhead(string ours, string comparator)
        {
            var a = Samples(ours);
            var b = Samples(comparator);
            var total = Stats.Median(a) - Stats.Median(b);
            var perRound = Enumerable.Range(0, result.Rounds).Select(round =>
                Stats.Median(Slice(a, round, result.Rounds)) - Stats.Median(Slice(b, round, result.Rounds))).Where(v => !double.IsNaN(v)).ToArray();
            return perRound.Length == 0 ? new Spread(total, total, total) : new Spread(total, perRound.Min(), perRound.Max());
        }

        void Row(string figure, string ours, string comparator)
        {
            var overhead = Overhead(ours, comparator);
            table.Add(figure, MedianP90(ours), MedianP90(comparator), Format.WithRange(overhead, Format.Ms) + " ms",
                Format.Ratio(Stats.Median(Samples(ours)), Stats.Median(Samples(comparator))));
        }

        Row("ProcessRunner.RunAsync vs bare Process.Start (redirected)", ActionStartBenchmark.Runner, ActionStartBenchmark.BareRedirected);
        Row("**action start overhead**: server run startedAt→finishedAt vs bare (redirected)", ActionStartBenchmark.ActionRun, ActionStartBenchmark.BareRedirected);
        Row("action submit→finished, HTTP POST + WebSocket, vs bare (redirected)", ActionStartBenchmark.ActionEndToEnd, ActionStartBenchmark.BareRedirected);
        Row("bare redirected vs bare not redirected (cost of redirection)", ActionStartBenchmark.BareRedirected, ActionStartBenchmark.Bare);

        var iterations = Samples(ActionStartBenchmark.BareRedirected).Count;
        output.WriteLine($"Starting '{result.Command}' ({iterations} of each kind, alternating; times in ms); other processes kept {result.ForeignCores:0.00} cores busy meanwhile");
        output.Write(table.ToString());
        output.WriteLine($"  within the submit→finished time: POST answered after {MedianP90(ActionStartBenchmark.ActionSubmit)} ms; "
            + $"server createdAt→startedAt {MedianP90(ActionStartBenchmark.ActionQueue)} ms (median (p90))");
        output.WriteLine($"  disk, for reference: a 4 KiB write + fsync in the data directory took {MedianP90(ActionStartBenchmark.Fsync)} ms; an action makes three durable SQLite commits");
        output.WriteLine("  bare (redirected) = Process.Start with stdin/stdout/stderr redirected, stdin closed, both outputs read to the end, WaitForExit, in the bench process.");
        output.WriteLine("  action start overhead = median server-side run time of a command action (startedAt→finishedAt: the status event, the workspace check,");
        output.WriteLine("  ProcessRunner start, wait and output capture, with the 'running' commit alongside) − median bare (redirected) time of the same command.");

        var run = Overhead(ActionStartBenchmark.ActionRun, ActionStartBenchmark.BareRedirected).Median;
        var endToEnd = Overhead(ActionStartBenchmark.ActionEndToEnd, ActionStartBenchmark.BareRedirected).Median;
        return
        [
            $"Target: action start overhead over bare Process.Start < {ActionOverheadTargetMs} ms — server run: {Verdict(run, ActionOverheadTargetMs)}; "
                + $"whole submit→finished over HTTP: {Verdict(endToEnd, ActionOverheadTargetMs)}",
        ];
    }

    /// <summary><c>--only bus</c>: the message-bus benchmark, in this process (no server child).</summary>
    static async Task<int> RunBusAsync(BenchOptions options, MachineInfo machine, double busyBefore, TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine($"3. Message bus: durable publish, consume and ack of {options.BusMessages:#,0} messages per run through one consumer agent; "
            + $"{options.BusPublishers} concurrent publishers each awaiting its own publish; consumer prefetch {options.BusPrefetch}, "
            + $"each delivery acked as received; {options.Rounds} alternating round(s)");
        BusResult result;
        try
        {
            result = await new BusBenchmark(options, output).RunAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.Error.WriteLine($"error: the bus benchmark failed: {ex}");
            return ExitFailed;
        }

        var busyAfter = await MachineInfo.BusyFractionAsync(TimeSpan.FromSeconds(1), cancellationToken);
        output.WriteLine();
        output.WriteLine($"load after: load average {MachineInfo.LoadAverageNow()}; {Percent(busyAfter)} of all cores busy in the second after the runs");
        List<string> targets = [];
        foreach (var size in BusBenchmark.PayloadSizes)
        {
            output.WriteLine();
            targets.Add(PrintBus(result, size, options, output));
        }

        output.WriteLine();
        PrintTargets(options, targets, output);

        if (options.JsonPath is { } path)
        {
            var document = new
            {
                date = DateTimeOffset.UtcNow,
                machine,
                busyBefore,
                busyAfter,
                options = new { options.Quick, options.Rounds, options.BusMessages, options.BusPublishers, options.BusPrefetch, options.DataParent },
                bus = result,
            };
            await using (var stream = File.Create(path))
            {
                await JsonSerializer.SerializeAsync(stream, document, JsonOptions, cancellationToken);
            }

            output.WriteLine($"Results written to {path}");
        }

        var errors = result.Runs.Sum(r => r.Errors);
        if (errors > 0)
        {
            Console.Error.WriteLine($"error: {errors} message(s) failed (publish error, missing, duplicated or not acked); see above.");
            return ExitFailed;
        }

        output.WriteLine(options.Quick ? "OK: every bus ran without errors." : "Done.");
        return ExitOk;
    }

    static string PrintBus(BusResult result, int size, BenchOptions options, TextWriter output)
    {
        string[] buses = [BusTarget.Embedded, BusTarget.RabbitMq, BusTarget.Redis];
        IEnumerable<BusRunResult> Runs(string bus) => result.Runs.Where(r => r.Bus == bus && r.PayloadBytes == size);
        var table = new TextTable("figure", "embedded", "RabbitMQ", "Redis Streams", "ratio embedded/RabbitMQ");
        void Row(string figure, Func<BusRunResult, double> value, Func<double, string> format)
        {
            var spreads = buses.Select(bus => Stats.Across(Runs(bus).Select(value))).ToArray();
            string[] cells = [figure, .. buses.Select((bus, i) => result.Skipped.ContainsKey(bus) ? "skipped" : Format.WithRange(spreads[i], format)),
                Format.Ratio(spreads[0].Median, spreads[1].Median)];
            table.Add(cells);
        }

        Row("publish throughput (msg/s)", r => r.PublishPerSecond, v => Format.Number(v));
        Row("**end-to-end throughput** (msg/s, first publish → last ack)", r => r.EndToEndPerSecond, v => Format.Number(v));
        Row("consume throughput (msg/s, first receive → last ack)", r => r.ConsumePerSecond, v => Format.Number(v));
        Row("publish latency p50 (ms)", r => r.PublishP50Ms, Format.Ms);
        Row("**publish latency p99** (ms)", r => r.PublishP99Ms, Format.Ms);
        Row("end-to-end latency p50 (ms, publish start → received)", r => r.EndToEndP50Ms, Format.Ms);
        Row("end-to-end latency p99 (ms)", r => r.EndToEndP99Ms, Format.Ms);
        Row("failed messages", r => r.Errors, v => Format.Number(v));

        output.WriteLine($"{BusBenchmark.Describe(size)} payload, {options.BusMessages:#,0} messages per run, {result.Publishers} publishers, prefetch {result.Prefetch}; "
            + $"median of {options.Rounds} run(s) [min–max]");
        output.Write(table.ToString());

        var embeddedThroughput = Stats.Across(Runs(BusTarget.Embedded).Select(r => r.EndToEndPerSecond)).Median;
        var rabbitThroughput = Stats.Across(Runs(BusTarget.RabbitMq).Select(r => r.EndToEndPerSecond)).Median;
        var embeddedP99 = Stats.Across(Runs(BusTarget.Embedded).Select(r => r.PublishP99Ms)).Median;
        var ratio = embeddedThroughput / rabbitThroughput;
        var ratioVerdict = double.IsNaN(ratio) ? "RabbitMQ not measured"
            : ratio >= BusThroughputRatioTarget ? $"{ratio:0.00}×, met"
            : $"{ratio:0.00}×, MISSED by {BusThroughputRatioTarget - ratio:0.00}× (needs {BusThroughputRatioTarget * rabbitThroughput:#,0} msg/s, has {embeddedThroughput:#,0})";
        var p99Verdict = double.IsNaN(embeddedP99) ? "not measured"
            : embeddedP99 <= BusPublishP99TargetMs ? $"{Format.Ms(embeddedP99)} ms, met"
            : $"{Format.Ms(embeddedP99)} ms, MISSED by {Format.Ms(embeddedP99 - BusPublishP99TargetMs)} ms";
        var both = !double.IsNaN(ratio) && ratio >= BusThroughputRatioTarget && embeddedP99 <= BusPublishP99TargetMs;
        return $"Target ({BusBenchmark.Describe(size)}): embedded ≥ {BusThroughputRatioTarget:0}× RabbitMQ end-to-end throughput and embedded publish p99 ≤ {BusPublishP99TargetMs:0} ms: "
            + $"{(both ? "met" : "MISSED")} — throughput ratio {ratioVerdict}; publish p99 {p99Verdict}";
    }

    static IEnumerable<double> Slice(IReadOnlyList<double> samples, int round, int rounds)
    {
        var from = samples.Count * round / rounds;
        var to = samples.Count * (round + 1) / rounds;
        return samples.Skip(from).Take(to - from);
    }

    static string Verdict(double value, double target) =>
        double.IsNaN(value) ? "not measured"
        : value < target ? $"{Format.Ms(value)} ms, met"
        : $"{Format.Ms(value)} ms, MISSED by {Format.Ms(value - target)} ms";

    static string Percent(double fraction) => double.IsNaN(fraction) ? "n/a" : (fraction * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    static async Task WriteJsonAsync(string path, BenchOptions options, MachineInfo machine, double busyBefore, double busyAfter,
        AgentListResult? agentList, ActionStartResult? actionStart, CancellationToken cancellationToken)
    {
        var document = new
        {
            date = DateTimeOffset.UtcNow,
            machine,
            busyBefore,
            busyAfter,
            options = new { options.Quick, options.Clients, durationSeconds = options.Duration.TotalSeconds, options.Rounds, options.Iterations, options.Command, options.DataParent, options.ServerEnvironment },
            agentList = agentList is null ? null : new { agentList.Agents, agentList.ResponseBytes, agentList.WrkSkipped, agentList.ForeignCores, httpClient = agentList.Ours, wrk = agentList.Wrk },
            actionStart = actionStart is null ? null : new
            {
                actionStart.Command,
                actionStart.Errors,
                actionStart.ForeignCores,
                summary = actionStart.Samples.ToDictionary(pair => pair.Key, pair =>
                {
                    var sorted = pair.Value.Order().ToArray();
                    return new { count = sorted.Length, medianMs = Stats.Median(sorted), p90Ms = Stats.Percentile(sorted, 0.9), minMs = sorted.FirstOrDefault(), maxMs = sorted.LastOrDefault() };
                }, StringComparer.Ordinal),
                samplesMs = actionStart.Samples,
            },
        };
        await using var stream = File.Create(path);
        await JsonSerializer.SerializeAsync(stream, document, JsonOptions, cancellationToken);
    }

    /// <summary>The verdict lines, or in quick mode why there is none.</summary>
    static void PrintTargets(BenchOptions options, IReadOnlyList<string> targets, TextWriter output)
    {
        if (options.Quick)
        {
            output.WriteLine("Quick mode: targets not judged (the runs are too short).");
            return;
        }

        foreach (var target in targets)
        {
            output.WriteLine(target);
        }
    }
}
