using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lightning.Monitoring.Collectors.Host;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Tests.Collectors.Host;

/// <summary>The host collector's readings against /proc read independently here.</summary>
public sealed class HostCollectorTests
{
    static HostCollector Create() => new(CollectorTestOptions.Create(), NullLogger<HostCollector>.Instance);

    static Dictionary<string, ulong> MemInfoKiB() =>
        File.ReadAllLines("/proc/meminfo").Select(line => line.Split(':'))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture));

    [Fact]
    public async Task Mem_total_equals_MemTotal_of_proc_meminfo()
    {
        var rows = await Create().CollectAsync();

        var memInfo = MemInfoKiB();
        rows.Value("mem", "total").ShouldBe(memInfo["MemTotal"] * 1024.0);
        rows.Value("swap", "total").ShouldBe(memInfo["SwapTotal"] * 1024.0);
        var available = rows.Value("mem", "available")!.Value;
        available.ShouldBeInRange(1, memInfo["MemTotal"] * 1024.0);
        rows.Value("mem", "used_percent")!.Value.ShouldBeInRange(0, 100);
    }

    [Fact]
    public async Task Cpu_percentages_of_each_core_and_the_total_sum_to_100()
    {
        var collector = Create();
        (await collector.CollectAsync()).Of("cpu").ShouldBeEmpty("the first reading only sets the baseline");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var rows = await collector.CollectAsync();

        var cores = File.ReadAllLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(l[3]));
        var cpus = rows.Of("cpu").Select(r => r.Series.Tag("cpu")!).Distinct().ToList();
        cpus.ShouldContain("cpu-total");
        cpus.Count.ShouldBe(cores + 1);
        string[] states = ["usage_user", "usage_nice", "usage_system", "usage_idle", "usage_iowait", "usage_irq", "usage_softirq", "usage_steal"];
        foreach (var cpu in cpus)
        {
            var sum = states.Sum(state => rows.Value("cpu", state, ("cpu", cpu))!.Value);
            sum.ShouldBe(100, 0.001, cpu);
            rows.Value("cpu", "usage_active", ("cpu", cpu))!.Value.ShouldBeInRange(0, 100.0001);
        }
    }

    [Fact]
    public async Task Load_processes_and_open_files_match_proc()
    {
        var rows = await Create().CollectAsync();

        var load = File.ReadAllText("/proc/loadavg").Split(' ');
        // loadavg moves every 5 s; a reading taken a moment apart is within a small margin.
        rows.Value("system", "load15")!.Value.ShouldBe(double.Parse(load[2], CultureInfo.InvariantCulture), 0.5);
        rows.Value("system", "n_cpus")!.Value.ShouldBe(File.ReadAllLines("/proc/stat").Count(l => l.StartsWith("cpu", StringComparison.Ordinal) && char.IsAsciiDigit(l[3])));
        var fileNr = File.ReadAllText("/proc/sys/fs/file-nr").Split('\t', ' ').Where(w => w.Length > 0).Select(w => long.Parse(w, CultureInfo.InvariantCulture)).ToArray();
        rows.Value("linux_sysctl_fs", "file-max")!.Value.ShouldBe(fileNr[2]);
        rows.Value("linux_sysctl_fs", "file-nr")!.Value.ShouldBe(fileNr[0], Math.Max(200, fileNr[0] * 0.2));
        var processes = Directory.EnumerateDirectories("/proc").Count(d => Path.GetFileName(d).All(char.IsAsciiDigit));
        rows.Value("processes", "total")!.Value.ShouldBe(processes, Math.Max(20, processes * 0.2));
        rows.Value("processes", "total_threads")!.Value.ShouldBeGreaterThanOrEqualTo(1);
    }

    [Fact]
    public async Task A_file_written_and_synced_raises_diskio_write_bytes()
    {
        var collector = Create();
        var before = await collector.CollectAsync();
        using var directory = new TempDirectory();
        const int size = 8 * 1024 * 1024;
        var path = Path.Combine(directory.Path, "written.bin");
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.WriteThrough))
        {
            var buffer = new byte[1 << 20];
            Random.Shared.NextBytes(buffer);
            for (var i = 0; i < size / buffer.Length; i++) await file.WriteAsync(buffer, TestContext.Current.CancellationToken);
            file.Flush(flushToDisk: true);
        }

        var after = await collector.CollectAsync();

        // The bytes land on whichever device holds the temp directory; whole disks and their partitions both count them.
        var grew = after.Of("diskio").Where(r => r.Field == "write_bytes")
            .Select(r => r.Value.AsDouble() - (before.Value("diskio", "write_bytes", ("name", r.Series.Tag("name")!)) ?? double.MaxValue))
            .Max();
        grew.ShouldBeGreaterThanOrEqualTo(size);
        after.Of("diskio").ShouldContain(r => r.Field == "write_bytes_per_sec" && r.Value.AsDouble() > 0);
        after.Of("diskio").ShouldNotContain(r => r.Series.Tag("name")!.StartsWith("loop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_socket_transfer_raises_the_bytes_of_lo()
    {
        var collector = Create();
        var before = await collector.CollectAsync();
        const int size = 4 * 1024 * 1024;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, TestContext.Current.CancellationToken);
            using var server = await listener.AcceptTcpClientAsync(TestContext.Current.CancellationToken);
            var sending = client.GetStream().WriteAsync(new byte[size], TestContext.Current.CancellationToken).AsTask();
            var buffer = new byte[1 << 16];
            var received = 0;
            while (received < size) received += await server.GetStream().ReadAsync(buffer, TestContext.Current.CancellationToken);
            await sending;
        }

        var after = await collector.CollectAsync();

        (after.Value("net", "bytes_sent", ("interface", "lo"))! - before.Value("net", "bytes_sent", ("interface", "lo"))!).Value.ShouldBeGreaterThanOrEqualTo(size);
        (after.Value("net", "bytes_recv", ("interface", "lo"))! - before.Value("net", "bytes_recv", ("interface", "lo"))!).Value.ShouldBeGreaterThanOrEqualTo(size);
        after.Value("net", "bytes_recv_per_sec", ("interface", "lo"))!.Value.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Disk_space_of_the_root_filesystem_matches_df()
    {
        var rows = await Create().CollectAsync();

        using var df = Process.Start(new ProcessStartInfo("df", ["-B1", "--output=size,used,avail,fstype", "/"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = (await df.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken)).Split('\n')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await df.WaitForExitAsync(TestContext.Current.CancellationToken);
        rows.Value("disk", "total", ("path", "/"))!.Value.ShouldBe(double.Parse(output[0], CultureInfo.InvariantCulture));
        // Other processes write meanwhile: used and free agree within 1 GB.
        rows.Value("disk", "used", ("path", "/"))!.Value.ShouldBe(double.Parse(output[1], CultureInfo.InvariantCulture), 1e9);
        rows.Value("disk", "free", ("path", "/"))!.Value.ShouldBe(double.Parse(output[2], CultureInfo.InvariantCulture), 1e9);
        rows.Of("disk").Single(r => r.Series.Tag("path") == "/" && r.Field == "total").Series.Tag("fstype").ShouldBe(output[3]);
        rows.Of("disk").ShouldNotContain(r => r.Series.Tag("fstype") == "proc" || r.Series.Tag("fstype") == "sysfs" || r.Series.Tag("fstype") == "cgroup");
    }

    [Fact]
    public async Task Readings_from_a_fixture_give_exact_percentages_and_rates()
    {
        using var root = new TempDirectory();
        void Write(string relative, string text)
        {
            var path = Path.Combine(root.Path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        Write("stat", "cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 100 0 100 800 0 0 0 0 0 0\nprocs_running 3\nprocs_blocked 1\n");
        Write("loadavg", "0.50 0.25 0.10 3/120 999\n");
        Write("meminfo", "MemTotal: 1000 kB\nMemFree: 100 kB\nMemAvailable: 600 kB\nBuffers: 100 kB\nCached: 200 kB\nSReclaimable: 100 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        Write("diskstats", "   8       0 sda 10 0 20 5 10 0 40 5 0 100 200\n   7       0 loop0 1 0 1 1 1 0 1 1 0 1 1\n");
        Write("net/dev", "Inter-| Receive | Transmit\n face |bytes packets|bytes\n  eth0: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n");
        Write("self/mounts", "proc /proc proc rw 0 0\n");
        Write("sys/fs/file-nr", "512\t0\t1000\n");
        Directory.CreateDirectory(Path.Combine(root.Path, "42"));
        var collector = new HostCollector(CollectorTestOptions.Create(o => o.Host.ProcRoot = root.Path), NullLogger<HostCollector>.Instance);
        collector.IsAvailable.ShouldBeTrue();
        var first = await collector.CollectAsync();

        Write("stat", "cpu  150 0 150 900 0 0 0 0 0 0\ncpu0 150 0 150 900 0 0 0 0 0 0\nprocs_running 3\nprocs_blocked 1\n");
        Write("diskstats", "   8       0 sda 20 0 40 5 30 0 80 5 0 600 700\n");
        Write("net/dev", "Inter-| Receive | Transmit\n face |bytes packets|bytes\n  eth0: 3000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0\n");
        var rows = await collector.CollectAsync();

        rows.Value("cpu", "usage_user", ("cpu", "cpu-total")).ShouldBe(25);
        rows.Value("cpu", "usage_system", ("cpu", "cpu0")).ShouldBe(25);
        rows.Value("cpu", "usage_idle", ("cpu", "cpu0")).ShouldBe(50);
        rows.Value("cpu", "usage_active", ("cpu", "cpu0")).ShouldBe(50);
        first.Value("mem", "total").ShouldBe(1000 * 1024);
        first.Value("mem", "cached").ShouldBe(300 * 1024);
        first.Value("mem", "used").ShouldBe((1000 - 100 - 100 - 300) * 1024);
        first.Value("mem", "available").ShouldBe(600 * 1024);
        first.Value("system", "load1").ShouldBe(0.5);
        first.Value("processes", "running").ShouldBe(3);
        first.Value("processes", "total_threads").ShouldBe(120);
        first.Value("processes", "total").ShouldBe(1);
        first.Value("linux_sysctl_fs", "file-nr").ShouldBe(512);
        rows.Value("diskio", "write_bytes", ("name", "sda")).ShouldBe(80 * 512);
        rows.Value("diskio", "writes", ("name", "sda")).ShouldBe(30);
        rows.Value("diskio", "write_bytes_per_sec", ("name", "sda"))!.Value.ShouldBeGreaterThan(0);
        rows.Value("diskio", "busy_percent", ("name", "sda"))!.Value.ShouldBeGreaterThan(0);
        first.Of("diskio").ShouldNotContain(r => r.Series.Tag("name") == "loop0");
        rows.Value("net", "bytes_recv", ("interface", "eth0")).ShouldBe(3000);
        rows.Value("net", "bytes_recv_per_sec", ("interface", "eth0"))!.Value.ShouldBeGreaterThan(0);
        rows.Value("net", "bytes_sent_per_sec", ("interface", "eth0")).ShouldBe(0);
        rows.Of("disk").ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_proc_the_collector_says_so_and_adds_nothing()
    {
        using var empty = new TempDirectory();
        var logger = new ListLogger<HostCollector>();
        var collector = new HostCollector(CollectorTestOptions.Create(o => o.Host.ProcRoot = empty.Path), logger);

        collector.IsAvailable.ShouldBeFalse();
        (await collector.CollectAsync()).ShouldBeEmpty();
        logger.Entries.ShouldContain(e => e.EventId == 6203 && e.Message.Contains("need /proc", StringComparison.Ordinal));
    }

    [Fact]
    public void Mount_paths_are_unescaped() =>
        DiskSpaceReader.Unescape(@"/mnt/with\040space\134x").ShouldBe(@"/mnt/with space\x");
}
