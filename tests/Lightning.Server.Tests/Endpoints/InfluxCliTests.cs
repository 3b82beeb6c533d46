using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The real InfluxDB 1.x shell (<c>influx</c>, Debian's influxdb-client) against the server on a loopback socket:
/// <c>-import</c> pings, creates the database through <c>/query</c> and posts line protocol to <c>/write</c> with the
/// API key as its password; <c>-execute</c> gets our answers for what <c>/query</c> serves and refuses.
/// </summary>
public sealed class InfluxCliTests : IAsyncLifetime
{
    const long Start = 1_795_514_400; // 2026-11-24T10:00:00Z
    readonly string _influx = TestServices.Program("influx", "influxdb-client");
    readonly TempDirectory _files = new();
    RealServer _server = null!;
    string _key = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await RealServer.StartAsync(
            "--Lightning:Monitoring:Collectors:Host:Enabled=false", "--Lightning:Monitoring:Collectors:Processes:Enabled=false",
            "--Lightning:Monitoring:Collectors:Runtime:Enabled=false", "--Lightning:Monitoring:Collectors:Queries:Enabled=false");
        _key = (await _server.App.Services.GetRequiredService<ApiKeyStore>().CreateAsync("influx-cli", ApiKeyRole.Operator, "tests", Token)).Key;
        _server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _files.Dispose();
    }

    /// <summary>Runs the shell with an argument list against our server; the key goes in as the password, as for InfluxDB.</summary>
    async Task<(int ExitCode, string Output)> InfluxAsync(string password, params string[] arguments)
    {
        var start = new ProcessStartInfo(_influx)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])["-host", _server.Address.Host, "-port", _server.Address.Port.ToString(CultureInfo.InvariantCulture), "-username", "lightning", "-password", password, .. arguments])
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var errors = process.StandardError.ReadToEndAsync(Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    string ImportFile(params string[] lines)
    {
        var path = Path.Combine(_files.Path, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, "# DDL\nCREATE DATABASE telegraf\n\n# DML\n# CONTEXT-DATABASE: telegraf\n" + string.Join('\n', lines) + "\n");
        return path;
    }

    [Fact]
    public async Task Import_writes_every_line_through_write_and_the_query_api_reads_them_back()
    {
        var lines = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"cli_cpu,host=cli-1 usage={i}.5,procs={i}i {Start + (i * 60)}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"cli_cpu,host=cli-2 usage=42,procs=7i {Start + (i * 60)}"));
        }

        var (exitCode, output) = await InfluxAsync(_key, "-import", "-path", ImportFile([.. lines]), "-precision", "s");

        exitCode.ShouldBe(0, output);
        output.ShouldContain("Processed 120 inserts", customMessage: output);
        output.ShouldContain("Failed 0 inserts", customMessage: output);
        var view = await _server.Client.GetFromJsonAsync<MetricQueryView>(
            "/api/v2/monitoring/query?measurement=cli_cpu&field=usage&groupBy=host&from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z", Token);
        var cli1 = view!.Series.Single(s => s.Tags["host"] == "cli-1");
        cli1.Times.Length.ShouldBe(60);
        cli1.Times[1].ShouldBe((Start + 60) * 1000);
        cli1.Values[59].ShouldBe(59.5);
        view.Series.Single(s => s.Tags["host"] == "cli-2").Values.ShouldAllBe(v => v == 42);
        var procs = await _server.Client.GetFromJsonAsync<MetricQueryView>(
            "/api/v2/monitoring/query?measurement=cli_cpu&field=procs&aggregate=sum&where=host=cli-1&from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z", Token);
        procs!.Series.ShouldHaveSingleItem().Values.ShouldBe([Enumerable.Range(0, 60).Sum()]);
    }

    [Fact]
    public async Task A_bad_line_is_reported_by_the_shell_and_the_good_ones_are_kept()
    {
        var (exitCode, output) = await InfluxAsync(_key, "-import", "-path",
            ImportFile($"cli_bad,host=a v=1 {Start}", $"cli_bad,host=a v=not-a-number {Start + 60}", $"cli_bad,host=a v=3 {Start + 120}"), "-precision", "s");

        output.ShouldContain("partial write", customMessage: output);
        output.ShouldContain("invalid value 'not-a-number'", customMessage: output);
        exitCode.ShouldNotBe(0, output);
        var view = await _server.Client.GetFromJsonAsync<MetricQueryView>(
            "/api/v2/monitoring/query?measurement=cli_bad&field=v&from=2026-11-24T10:00:00Z&to=2026-11-24T11:00:00Z", Token);
        view!.Series.ShouldHaveSingleItem().Values.ShouldBe([1, 3]);
    }

    [Fact]
    public async Task Execute_gets_create_database_answered_and_other_statements_refused_with_a_reason()
    {
        var created = await InfluxAsync(_key, "-execute", "CREATE DATABASE telegraf");
        created.ExitCode.ShouldBe(0, created.Output);

        var select = await InfluxAsync(_key, "-database", "telegraf", "-execute", "SELECT * FROM cli_cpu");
        select.ExitCode.ShouldNotBe(0, select.Output);
        select.Output.ShouldContain("only CREATE DATABASE is answered here; query metrics through /api/v2/monitoring", customMessage: select.Output);

        var refused = await InfluxAsync("not-a-key", "-execute", "CREATE DATABASE telegraf");
        refused.ExitCode.ShouldNotBe(0, refused.Output);
        refused.Output.ShouldNotContain(_key);
    }
}
