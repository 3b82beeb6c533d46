using System.IO.Compression;
using System.Text;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>monitor top|export|import|backup|backups</c> against a real server and its embedded store.</summary>
public sealed class MonitorOperationsCommandsTests : IAsyncLifetime
{
    static readonly DateTimeOffset Start = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);
    readonly TempDirectory _files = new();
    RealServer _server = null!;
    string _admin = null!;
    string _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RealServer.StartAsync();
        var keys = _server.App.Services.GetRequiredService<ApiKeyStore>();
        _admin = (await keys.CreateAsync("cli-admin", ApiKeyRole.Admin, "tests", Token)).Key;
        _viewer = (await keys.CreateAsync("cli-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
        var batch = new PointBatch();
        for (var i = 0; i < 120; i++)
        {
            var at = Timestamps.ToNanoseconds(Start.AddSeconds(i * 30));
            batch.Add("cli_export", [new("host", "a")], "v", at, i);
            batch.Add("cli_export", [new("host", "b")], "v", at, 1000 + i);
        }

        await _server.App.Services.GetRequiredService<IMetricStore>().WriteAsync(batch, Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Top_once_shows_the_host_summary_and_the_busiest_processes_first()
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(-5);
        var at = Timestamps.ToNanoseconds(now);
        var batch = new PointBatch();
        KeyValuePair<string, string> host = new("host", "top-test");
        batch.Add("cpu", [host, new("cpu", "cpu-total")], "usage_active", at, 37.5);
        batch.Add("cpu", [host, new("cpu", "cpu-total")], "usage_iowait", at, 1.5);
        batch.Add("system", [host], "load1", at, 0.75);
        batch.Add("system", [host], "n_cpus", at, 4);
        batch.Add("mem", [host], "used", at, 2L * 1024 * 1024 * 1024);
        batch.Add("mem", [host], "total", at, 8L * 1024 * 1024 * 1024);
        foreach (var (pid, name, cpu, rss) in new[] { ("11", "idle-daemon", 0.5, 900.0), ("22", "busy-worker", 88.0, 100.0), ("33", "mid-service", 12.0, 500.0) })
        {
            batch.Add("procstat", [host, new("pid", pid), new("process_name", name)], "cpu_usage", at, cpu);
            batch.Add("procstat", [host, new("pid", pid), new("process_name", name)], "memory_rss", at, rss * 1024 * 1024);
            batch.Add("procstat", [host, new("pid", pid), new("process_name", name)], "num_threads", at, 3);
        }
        // A program the platform runs, added up over its running processes (no pid tag).
        KeyValuePair<string, string>[] platform = [host, new("process_name", "pytest"), new("source", "platform")];
        batch.Add("procstat", platform, "cpu_usage", at, 50.0);
        batch.Add("procstat", platform, "memory_rss", at, 300.0 * 1024 * 1024);
        batch.Add("procstat", platform, "num_threads", at, 6);
        batch.Add("procstat", platform, "processes", at, 3L);

        await _server.App.Services.GetRequiredService<IMetricStore>().WriteAsync(batch, Token);

        var byCpu = await RunAsync(["monitor", "top", "--host", "top-test", "--once", "--limit", "3"], _viewer);
        var byMem = await RunAsync(["monitor", "top", "--host", "top-test", "--once", "--sort", "mem", "--limit", "4"], _viewer);

        byCpu.ExitCode.ShouldBe(ExitCodes.Ok, byCpu.ToString());
        byCpu.Stdout.ShouldContain("CPU   37.5% used, iowait 1.5%");
        byCpu.Stdout.ShouldContain("cores 4");
        byCpu.Stdout.ShouldContain("MEM   2.0 GiB / 8.0 GiB (25.0%)");
        byCpu.Stdout.IndexOf("busy-worker", StringComparison.Ordinal).ShouldBeLessThan(byCpu.Stdout.IndexOf("mid-service", StringComparison.Ordinal));
        byCpu.Stdout.ShouldNotContain("idle-daemon");
        byCpu.Stdout.ShouldMatch(@"run×3\s+pytest\s+50%?");
        byCpu.Stdout.ShouldNotContain("\u001b[");
        byMem.Stdout.IndexOf("idle-daemon", StringComparison.Ordinal).ShouldBeLessThan(byMem.Stdout.IndexOf("mid-service", StringComparison.Ordinal));
        byMem.Stdout.IndexOf("mid-service", StringComparison.Ordinal).ShouldBeLessThan(byMem.Stdout.IndexOf("busy-worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_to_a_file_then_import_it_writes_the_same_points_back()
    {
        var file = Path.Combine(_files.Path, "export.lp");
        var export = await RunAsync(["monitor", "export", "cli_export", "--from", "2026-11-22T06:00:00Z", "--to", "2026-11-22T07:00:00Z", "-o", file], _viewer);

        export.ExitCode.ShouldBe(ExitCodes.Ok, export.ToString());
        export.Stdout.ShouldContain($"Exported cli_export to {file}");
        var text = await File.ReadAllTextAsync(file, Token);
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(240);
        Directory.GetFiles(_files.Path).ShouldBe([file]);

        var gz = Path.Combine(_files.Path, "again.lp.gz");
        await using (var output = File.Create(gz))
        await using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(text.Replace("cli_export", "cli_copy", StringComparison.Ordinal)), Token);
        var import = await RunAsync(["monitor", "import", gz], _admin);
        import.ExitCode.ShouldBe(ExitCodes.Ok, import.ToString());
        import.Stdout.ShouldContain("Imported 240 points from 240 lines");

        var copy = await RunAsync(["monitor", "export", "cli_copy", "--from", "2026-11-22T06:00:00Z", "--to", "2026-11-22T07:00:00Z"], _viewer);
        copy.Stdout.ShouldBe(text.Replace("cli_export", "cli_copy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_to_influx_then_import_from_it_copy_the_points_through_a_real_influxd()
    {
        var influx = TestServices.InfluxDb();
        var database = InfluxTestServer.NewDatabaseName();
        try
        {
            string[] range = ["--from", "2026-11-22T00:00:00Z", "--to", "2026-11-23T00:00:00Z"];
            string[] credentials = ["--database", database, "--username", influx.User, "--password-stdin"];
            var export = await RunAsync(["monitor", "export", "cli_export", "--to-influx", influx.Url.ToString(), .. credentials, .. range], _admin, influx.Password + "\n");
            var counted = await influx.QueryAsync("SELECT count(v) FROM cli_export", database, Token);
            var import = await RunAsync(["monitor", "import", "--from-influx", influx.Url.ToString(), .. credentials, "--measurements", "cli_export", .. range], _admin, influx.Password + "\n");
            var mixed = await RunAsync(["monitor", "export", "cli_export", "--to-influx", influx.Url.ToString(), "--database", database, "--format", "csv"], _admin);
            var nothing = await RunAsync(["monitor", "export"], _admin);

            export.ExitCode.ShouldBe(ExitCodes.Ok, export.ToString());
            export.Stdout.ShouldContain($"into {database} at");
            export.Stdout.ShouldContain("succeeded: 240 points copied.");
            counted.ShouldContain("[\"1970-01-01T00:00:00Z\",240]");
            import.ExitCode.ShouldBe(ExitCodes.Ok, import.ToString());
            import.Stdout.ShouldContain("succeeded: 240 points copied.");
            mixed.ExitCode.ShouldBe(ExitCodes.Usage, mixed.ToString());
            mixed.Stderr.ShouldContain("leave out --where, --format and -o");
            nothing.ExitCode.ShouldBe(ExitCodes.Usage, nothing.ToString());
        }
        finally
        {
            await influx.DropDatabaseAsync(database, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_failing_export_leaves_no_file_and_keeps_an_older_one()
    {
        var file = Path.Combine(_files.Path, "kept.csv");
        await File.WriteAllTextAsync(file, "older", Token);

        var unknown = await RunAsync(["monitor", "export", "no_such_measurement", "--format", "csv", "-o", file], _viewer);
        var missingFile = Path.Combine(_files.Path, "never.csv");
        var refused = await RunAsync(["monitor", "export", "cli_export", "--from", "2000-01-01T00:00:00Z", "-o", missingFile], _viewer);

        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem().ShouldContain("no_such_measurement");
        refused.ExitCode.ShouldBe(ExitCodes.InvalidRequest, refused.ToString());
        refused.Stderr.ShouldContain("MaxExportRange");
        (await File.ReadAllTextAsync(file, Token)).ShouldBe("older");
        Directory.GetFiles(_files.Path).ShouldBe([file]);
    }

    [Fact]
    public async Task Import_names_the_bad_line_of_the_file_and_exits_non_zero()
    {
        var file = Path.Combine(_files.Path, "bad.lp");
        await File.WriteAllTextAsync(file, "# a comment\ncli_bad v=1 1795327200000000000\ncli_bad v=2 1795327210000000000\ncli_bad v= 1795327220000000000\n", Token);

        var run = await RunAsync(["monitor", "import", file], _admin);
        var stdin = await RunAsync(["monitor", "import", "-"], _admin, "cli_stdin v=1i 1795327200000000000\n");
        var viewer = await RunAsync(["monitor", "import", "-"], _viewer, "cli_stdin v=1i 1795327200000000000\n");
        var usage = await RunAsync(["monitor", "import"], _admin);

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: line 4: ");
        run.Stderr.ShouldContain("2 points were written");
        stdin.ExitCode.ShouldBe(ExitCodes.Ok, stdin.ToString());
        stdin.Stdout.ShouldContain("Imported 1 points from 1 lines of stdin");
        viewer.ExitCode.ShouldBe(ExitCodes.Auth, viewer.ToString());
        usage.ExitCode.ShouldBe(ExitCodes.Usage, usage.ToString());
    }

    [Fact]
    public async Task Backup_then_backups_lists_it()
    {
        var backup = await RunAsync(["monitor", "backup"], _admin);
        var list = await RunAsync(["monitor", "backups"], _viewer);

        backup.ExitCode.ShouldBe(ExitCodes.Ok, backup.ToString());
        backup.Stdout.ShouldStartWith("Backup metrics-");
        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        list.Stdout.ShouldContain(backup.Stdout.Split(' ')[1].TrimEnd(':'));
    }

    [Fact]
    public async Task Restore_replaces_a_stopped_store_and_is_refused_while_a_server_runs()
    {
        var made = await RunAsync(["monitor", "backup"], _admin);
        var name = made.Stdout.Split(' ')[1].TrimEnd(':');
        var backup = Path.Combine(_server.DataDirectory, "backups", "metrics", name);
        var stopped = Path.Combine(_files.Path, "stopped");

        var restored = await RunAsync(["monitor", "restore", backup, "--data", stopped], _admin);

        restored.ExitCode.ShouldBe(ExitCodes.Ok, restored.ToString());
        restored.Stdout.ShouldContain("Restored");
        await using (var store = Lightning.Monitoring.Storage.Embedded.EmbeddedMetricStore.Open(new Lightning.Monitoring.Storage.Embedded.EmbeddedStoreOptions
        {
            Path = Path.Combine(stopped, "metrics.duckdb"), MaintenanceInterval = TimeSpan.Zero, RetentionInterval = TimeSpan.Zero,
        }))
        {
            var rows = 0;
            await foreach (var batch in store.ReadBatchesAsync("cli_export", Start, Start.AddHours(1), cancellationToken: Token)) rows += batch.Count;
            rows.ShouldBe(240);
        }

        var running = Path.Combine(_files.Path, "running");
        await using var server = Distributed.LightningProcess.Start("serve", ["serve", "--urls", "http://127.0.0.1:0", "--data", running], new Dictionary<string, string>());
        await server.WaitForLineAsync(line => line.Contains("Agent Lightning is running.", StringComparison.Ordinal), TimeSpan.FromSeconds(120), Token);
        var refused = await RunAsync(["monitor", "restore", backup, "--data", running], _admin);
        refused.ExitCode.ShouldBe(ExitCodes.InvalidRequest, refused.ToString());
        refused.Stderr.ShouldContain("is in use");
    }

    Task<CliRun> RunAsync(string[] args, string key, string? stdin = null) => CliRun.ExecuteAsync(args, new Dictionary<string, string?>
    {
        [GlobalOptions.ServerVariable] = _server.Address.ToString(),
        [GlobalOptions.ApiKeyVariable] = key,
    }, Token, stdin);
}
