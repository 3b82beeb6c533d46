using System.Globalization;
using Lightning.Core.Processes;
using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Processes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Tests.Collectors.Processes;

/// <summary>Processes run through Core's real process runner, sampled by the process collector per program name.</summary>
public sealed class PlatformProcessTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static (ProcessRunner Runner, PlatformProcesses Platform) Runner()
    {
        var platform = new PlatformProcesses();
        return (new ProcessRunner(NullLogger<ProcessRunner>.Instance, TimeProvider.System, [platform]), platform);
    }

    static ProcessCollector Collector(PlatformProcesses platform, int cap = 50, ListLogger<ProcessCollector>? logger = null) =>
        new(CollectorTestOptions.Create(o =>
        {
            o.Processes.IncludeSelf = false;
            o.Processes.MaxPlatformSeries = cap;
        }), new MonitoredProcesses(), platform, logger);

    static double VmRssBytes(int pid) =>
        double.Parse(File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

    static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 250 && !condition(); i++) await Task.Delay(20, Token);
        condition().ShouldBeTrue();
    }

    [Fact]
    public async Task Running_processes_are_added_up_per_program_with_their_starts_and_no_pid()
    {
        var (runner, platform) = Runner();
        var collector = Collector(platform);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var sleeps = Enumerable.Range(0, 3).Select(_ => runner.RunAsync(new ProcessSpec("/bin/sleep", ["60"]), null, stop.Token)).ToArray();
        (await runner.RunAsync(new ProcessSpec("/bin/true", []), null, Token)).ExitCode.ShouldBe(0);
        await WaitForAsync(() => platform.Live.Count == 3);
        var pids = platform.Live.Select(p => p.Key).ToArray();
        // A forked child shows the parent's memory until it has exec'd sleep: wait for the program itself.
        await WaitForAsync(() => pids.All(pid => File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep"));

        var rssBefore = pids.Sum(VmRssBytes);
        var rows = await collector.CollectAsync();
        var rssAfter = pids.Sum(VmRssBytes);

        rows.Of("procstat").ShouldAllBe(r => r.Series.Tag("pid") == null && r.Series.Tag("source") == "platform");
        rows.Of("procstat").Select(r => r.Series.Tag("process_name")).Distinct().Order(StringComparer.Ordinal).ShouldBe(["sleep", "true"]);
        rows.Value("procstat", "processes", ("process_name", "sleep")).ShouldBe(3);
        rows.Value("procstat", "started", ("process_name", "sleep")).ShouldBe(3);
        rows.Value("procstat", "num_threads", ("process_name", "sleep")).ShouldBe(3);
        rows.Value("procstat", "memory_rss", ("process_name", "sleep"))!.Value.ShouldBeInRange(Math.Min(rssBefore, rssAfter) * 0.95, Math.Max(rssBefore, rssAfter) * 1.05);
        rows.Value("procstat", "processes", ("process_name", "true")).ShouldBe(0, "it ended before the sample");
        rows.Value("procstat", "started", ("process_name", "true")).ShouldBe(1, "a process that lived between two samples is still counted");

        await stop.CancelAsync();
        (await Task.WhenAll(sleeps)).ShouldAllBe(result => result.Outcome == ProcessOutcome.Cancelled);
        platform.Live.ShouldBeEmpty();
        (await collector.CollectAsync()).ShouldBeEmpty("nothing ran or started since: no series, not a row per pid that was");
    }

    [Fact]
    public async Task A_busy_program_shows_its_cpu_from_the_second_sample()
    {
        var (runner, platform) = Runner();
        var collector = Collector(platform);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // dd copying zeros one byte at a time keeps a core busy without a shell.
        var busy = runner.RunAsync(new ProcessSpec("/bin/dd", ["if=/dev/zero", "of=/dev/null", "bs=1", "status=none"]), null, stop.Token);
        await WaitForAsync(() => platform.Live.Count == 1);
        (await collector.CollectAsync()).ShouldNotContain(r => r.Field == "cpu_usage", "the first sample sets the baseline");
        await Task.Delay(1000, Token);

        var rows = await collector.CollectAsync();

        await stop.CancelAsync();
        (await busy).Outcome.ShouldBe(ProcessOutcome.Cancelled);
        rows.Value("procstat", "cpu_usage", ("process_name", "dd"))!.Value.ShouldBeInRange(5, 100.0 * Environment.ProcessorCount + 5);
        rows.Value("procstat", "started", ("process_name", "dd")).ShouldBe(0, "its start was counted by the first sample");
    }

    /// <summary>The pids under <paramref name="root"/> (itself included), from every process's parent in /proc.</summary>
    static List<int> Tree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                parents[pid] = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // gone meanwhile
            }
        }

        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++) tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        return tree;
    }

    /// <summary>utime+stime+cutime+cstime of every process in the tree, in clock ticks: all the CPU the tree has counted.</summary>
    static long TreeTicks(int root) => Tree(root).Sum(pid =>
    {
        try
        {
            var words = File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(words[11], CultureInfo.InvariantCulture) + long.Parse(words[12], CultureInfo.InvariantCulture)
                + long.Parse(words[13], CultureInfo.InvariantCulture) + long.Parse(words[14], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0L;
        }
    });

    static string Comm(int pid) => File.Exists($"/proc/{pid}/comm") ? File.ReadAllText($"/proc/{pid}/comm").Trim() : string.Empty;

    [Fact]
    public async Task A_program_s_live_children_count_under_it_cpu_memory_and_number()
    {
        var (runner, platform) = Runner();
        var collector = Collector(platform);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // timeout forks dd and waits for it: the platform ran "timeout", the work is its child's.
        var run = runner.RunAsync(new ProcessSpec("/usr/bin/timeout", ["60", "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", "status=none"]), null, stop.Token);
        await WaitForAsync(() => platform.Live.Count == 1);
        var root = platform.Live.Single().Key;
        await WaitForAsync(() => Tree(root).Skip(1).Any(pid => Comm(pid) == "dd"));
        (await collector.CollectAsync()).ShouldNotContain(r => r.Field == "cpu_usage", "the first sample sets the baseline");
        await Task.Delay(1000, Token);

        var tree = Tree(root);
        var rssBefore = tree.Sum(VmRssBytes);
        var rows = await collector.CollectAsync();
        var rssAfter = tree.Sum(VmRssBytes);
        await stop.CancelAsync();
        await run;

        rows.Value("procstat", "processes", ("process_name", "timeout")).ShouldBe(1);
        rows.Value("procstat", "child_processes", ("process_name", "timeout")).ShouldBe(1);
        rows.Value("procstat", "cpu_usage", ("process_name", "timeout"))!.Value.ShouldBeInRange(5, 100.0 * Environment.ProcessorCount + 5, "dd's CPU, not timeout's idle wait");
        rows.Value("procstat", "memory_rss", ("process_name", "timeout"))!.Value.ShouldBeInRange(Math.Min(rssBefore, rssAfter) * 0.95, Math.Max(rssBefore, rssAfter) * 1.05);
        rows.Value("procstat", "num_threads", ("process_name", "timeout")).ShouldBe(2);
        rows.ShouldNotContain(r => r.Series.Tag("process_name") == "dd", "a child is counted under the program the platform ran");
    }

    [Fact]
    public async Task A_child_followed_live_and_then_reaped_is_counted_once()
    {
        var (runner, platform) = Runner();
        var collector = Collector(platform);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        // find runs its -exec commands one after the other (the comma: whatever the first returned): a busy second
        // under timeout, then an idle sleep.
        var run = runner.RunAsync(new ProcessSpec("/usr/bin/find", ["/dev/null", "-exec", "/usr/bin/timeout", "1", "/bin/dd", "if=/dev/zero", "of=/dev/null", "bs=1", "status=none", ";", ",", "-exec", "/bin/sleep", "60", ";"]), null, stop.Token);
        await WaitForAsync(() => platform.Live.Count == 1);
        var root = platform.Live.Single().Key;
        await WaitForAsync(() => Tree(root).Any(pid => Comm(pid) == "dd"));

        await collector.CollectAsync();
        var before = TreeTicks(root);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var counted = 0.0;
        // Sample while dd runs, dies and is reaped by timeout (itself reaped by find), until only sleep is left.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Tree(root).Any(pid => Comm(pid) == "sleep"))
        {
            (DateTime.UtcNow < deadline).ShouldBeTrue("find should have moved on to sleep within 30 s");
            await Task.Delay(250, Token);
            var rows = await collector.CollectAsync();
            counted += (rows.Value("procstat", "cpu_usage", ("process_name", "find")) ?? 0) * clock.Elapsed.TotalSeconds;
            clock.Restart();
        }

        var lastRows = await collector.CollectAsync();
        counted += (lastRows.Value("procstat", "cpu_usage", ("process_name", "find")) ?? 0) * clock.Elapsed.TotalSeconds;
        var after = TreeTicks(root);
        await stop.CancelAsync();
        await run;

        // Percent of a core × seconds = clock ticks (100 per second): what the tree used between the two readings,
        // not that plus dd's whole life again when its parent reaped it.
        (after - before).ShouldBeGreaterThan(10, "dd was busy for part of the window");
        counted.ShouldBeInRange(after - before - 8, after - before + 8);
    }

    [Fact]
    public async Task Programs_beyond_the_cap_are_added_up_under_other_and_the_cap_is_logged_once()
    {
        var (runner, platform) = Runner();
        var logger = new ListLogger<ProcessCollector>();
        var collector = Collector(platform, cap: 2, logger);
        await runner.RunAsync(new ProcessSpec("/bin/true", []), null, Token);
        await runner.RunAsync(new ProcessSpec("/bin/false", []), null, Token);
        var first = await collector.CollectAsync();
        foreach (var program in new[] { "/bin/echo", "/usr/bin/printf", "/bin/true" })
            await runner.RunAsync(new ProcessSpec(program, ["x"]), null, Token);

        var rows = await collector.CollectAsync();
        await runner.RunAsync(new ProcessSpec("/usr/bin/env", []), null, Token);
        var later = await collector.CollectAsync();

        first.Select(r => r.Series.Tag("process_name")).Distinct().Order(StringComparer.Ordinal).ShouldBe(["false", "true"]);
        rows.Select(r => r.Series.Tag("process_name")).Distinct().Order(StringComparer.Ordinal).ShouldBe(["(other)", "true"]);
        rows.Value("procstat", "started", ("process_name", "true")).ShouldBe(1);
        rows.Value("procstat", "started", ("process_name", "(other)")).ShouldBe(2);
        later.Select(r => r.Series.Tag("process_name")).Distinct().ShouldBe(["(other)"]);
        var capped = logger.Entries.Where(e => e.EventId == 6208).ShouldHaveSingleItem();
        capped.Message.ShouldContain("MaxPlatformSeries");
        capped.Message.ShouldContain("reached 2 program names");
    }

    [Fact]
    public async Task The_process_runner_from_DI_reports_to_the_collectors_process_collector()
    {
        // As the server composes them: Agents registers the runner, the collectors register their observer.
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddLogging()
            .AddSingleton<Lightning.Monitoring.Storage.IMetricStore, RecordingMetricStore>()
            .AddMonitoringCollectors(o => o.Processes.IncludeSelf = false);
        services.TryAddSingleton<IProcessRunner, ProcessRunner>();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<IProcessRunner>().RunAsync(new ProcessSpec("/bin/true", []), null, Token);
        var rows = await provider.GetRequiredService<ProcessCollector>().CollectAsync();

        rows.Value("procstat", "started", ("process_name", "true"), ("source", "platform")).ShouldBe(1);
    }

    [Fact]
    public void Program_names_are_the_file_names_of_what_was_run()
    {
        PlatformProcesses.ProgramOf("/usr/bin/git").ShouldBe("git");
        PlatformProcesses.ProgramOf("dotnet").ShouldBe("dotnet");
        PlatformProcesses.ProgramOf("/").ShouldBe("?");
    }
}
