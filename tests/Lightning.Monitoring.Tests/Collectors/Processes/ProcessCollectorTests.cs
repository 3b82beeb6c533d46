using System.Diagnostics;
using System.Globalization;
using Lightning.Monitoring.Collectors.Processes;

namespace Lightning.Monitoring.Tests.Collectors.Processes;

/// <summary>The process collector on child processes started here, checked against their /proc files.</summary>
public sealed class ProcessCollectorTests
{
    /// <summary>A shell that holds three extra files open and then waits (or spins), with a marker in its command line.</summary>
    static Process StartChild(string marker, bool busy = false)
    {
        // Both bodies are shell builtins: the process stays "sh" (a last external command would be exec'd in its place).
        var body = busy ? "while :; do :; done" : "read line";
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"exec 3</etc/hostname 4</etc/passwd 5</proc/self/stat; {body}", marker])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
        };
        var process = Process.Start(start)!;
        // Wait until the shell (not the forked .NET child before exec, which shows the parent's files) has opened its files.
        for (var i = 0; i < 250 && !Settled(process.Id); i++) Thread.Sleep(20);
        return process;
    }

    static bool Settled(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim() == "sh"
                && new FileInfo($"/proc/{pid}/fd/5").LinkTarget?.EndsWith("/stat", StringComparison.Ordinal) == true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }

    static double RssBytes(int pid) => double.Parse(Status(pid, "VmRSS").Split(' ')[0], CultureInfo.InvariantCulture) * 1024;

    static string Status(int pid, string key) =>
        File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith(key + ":", StringComparison.Ordinal)).Split(':')[1].Trim();

    [Fact]
    public async Task A_watched_child_reports_fds_threads_and_rss_as_its_proc_files_say()
    {
        var child = StartChild("watched-" + Guid.NewGuid().ToString("N"));
        try
        {
            var monitored = new MonitoredProcesses();
            monitored.Watch(child.Id);
            var collector = new ProcessCollector(CollectorTestOptions.Create(o => o.Processes.IncludeSelf = false), monitored);

            var rssBefore = RssBytes(child.Id);
            var rows = await collector.CollectAsync();
            var rssAfter = RssBytes(child.Id);

            var pid = ("pid", child.Id.ToString(CultureInfo.InvariantCulture));
            rows.Of("procstat").Select(r => r.Series.Tag("pid")).Distinct().ShouldBe([pid.Item2]);
            rows.Of("procstat").First().Series.Tag("process_name").ShouldBe("sh");
            rows.Value("procstat", "num_fds", pid).ShouldBe(Directory.GetFileSystemEntries($"/proc/{child.Id}/fd").Length);
            rows.Value("procstat", "num_fds", pid)!.Value.ShouldBeGreaterThanOrEqualTo(6);
            rows.Value("procstat", "num_threads", pid).ShouldBe(double.Parse(Status(child.Id, "Threads"), CultureInfo.InvariantCulture));
            rows.Value("procstat", "memory_rss", pid)!.Value.ShouldBeInRange(Math.Min(rssBefore, rssAfter) * 0.95, Math.Max(rssBefore, rssAfter) * 1.05);
            rows.Value("procstat", "read_bytes", pid).ShouldNotBeNull();
        }
        finally
        {
            Kill(child);
        }
    }

    [Fact]
    public async Task A_busy_child_found_by_its_command_line_shows_cpu_usage()
    {
        var marker = "busy-" + Guid.NewGuid().ToString("N");
        var child = StartChild(marker, busy: true);
        try
        {
            var collector = new ProcessCollector(CollectorTestOptions.Create(o =>
            {
                o.Processes.IncludeSelf = false;
                o.Processes.Targets.Add(new() { CommandLinePattern = marker });
            }), new MonitoredProcesses());
            await Task.Delay(100, TestContext.Current.CancellationToken);
            (await collector.CollectAsync()).Of("procstat").ShouldNotContain(r => r.Field == "cpu_usage", "the first reading sets the baseline");
            await Task.Delay(1000, TestContext.Current.CancellationToken);

            var rows = await collector.CollectAsync();

            var pid = ("pid", child.Id.ToString(CultureInfo.InvariantCulture));
            // A spinning shell uses most of a core; on a shared machine it gets at least some of it, and never more than all cores.
            rows.Value("procstat", "cpu_usage", pid)!.Value.ShouldBeInRange(5, 100.0 * Environment.ProcessorCount + 5);
            rows.Value("procstat", "cpu_time", pid)!.Value.ShouldBeGreaterThan(0);
        }
        finally
        {
            Kill(child);
        }
    }

    [Fact]
    public async Task A_process_that_exits_is_dropped_without_errors()
    {
        var child = StartChild("exits-" + Guid.NewGuid().ToString("N"));
        var pid = child.Id;
        var monitored = new MonitoredProcesses();
        monitored.Watch(pid);
        var collector = new ProcessCollector(CollectorTestOptions.Create(o => o.Processes.Targets.Add(new() { Pid = pid })), monitored);
        (await collector.CollectAsync()).ShouldContain(r => r.Series.Tag("pid") == pid.ToString(CultureInfo.InvariantCulture));

        Kill(child);
        var rows = await collector.CollectAsync();

        rows.ShouldNotContain(r => r.Series.Tag("pid") == pid.ToString(CultureInfo.InvariantCulture));
        rows.ShouldContain(r => r.Series.Tag("pid") == Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "the platform's own process is still reported");
        monitored.Pids.ShouldNotContain(pid);
    }

    [Fact]
    public async Task A_name_pattern_selects_processes_by_comm()
    {
        var child = StartChild("named-" + Guid.NewGuid().ToString("N"));
        try
        {
            var collector = new ProcessCollector(CollectorTestOptions.Create(o =>
            {
                o.Processes.IncludeSelf = false;
                o.Processes.Targets.Add(new() { NamePattern = "^sh$" });
            }), new MonitoredProcesses());

            var rows = await collector.CollectAsync();

            rows.ShouldContain(r => r.Series.Tag("pid") == child.Id.ToString(CultureInfo.InvariantCulture));
            rows.ShouldAllBe(r => r.Series.Tag("process_name") == "sh");
        }
        finally
        {
            Kill(child);
        }
    }
}
