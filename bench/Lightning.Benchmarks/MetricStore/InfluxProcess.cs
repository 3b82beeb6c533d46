using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Lightning.Benchmarks.MetricStore;

/// <summary>
/// The comparator: the Debian <c>influxd</c> (1.6.7) started with a temporary configuration whose directories are under
/// one temp directory, HTTP on a free loopback port; stopped and deleted on dispose. WAL fsync is InfluxDB's default (on
/// every write), like our commits; snapshots and full compactions are set to run soon after writes stop (documented
/// knobs), so the disk figure is measured on compacted TSM files.
/// </summary>
internal sealed class InfluxProcess : IAsyncDisposable
{
    readonly Process _process;

    InfluxProcess(Process process, string directory, Uri baseUri)
    {
        _process = process;
        Directory = directory;
        BaseUri = baseUri;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
    }

    public string Directory { get; }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public string DataDirectory => Path.Combine(Directory, "data");

    /// <summary>CPU time (user + system) influxd has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public string WalDirectory => Path.Combine(Directory, "wal");

    public static async Task<InfluxProcess> StartAsync(string parent, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(parent, "influx-bench-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        var http = FreePort();
        var rpc = FreePort();
        var config = Path.Combine(directory, "influxdb.conf");
        await File.WriteAllTextAsync(config, $"""
            reporting-disabled = true
            bind-address = "127.0.0.1:{rpc}"
            [meta]
              dir = "{directory}/meta"
            [data]
              dir = "{directory}/data"
              wal-dir = "{directory}/wal"
              query-log-enabled = false
              cache-snapshot-write-cold-duration = "5s"
              compact-full-write-cold-duration = "10s"
            [http]
              bind-address = "127.0.0.1:{http}"
              log-enabled = false
            [monitor]
              store-enabled = false
            [continuous_queries]
              enabled = false
            """, cancellationToken);
        var info = new ProcessStartInfo("influxd", ["-config", config])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("influxd did not start.");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var influx = new InfluxProcess(process, directory, new Uri($"http://127.0.0.1:{http}/"));
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 30;
        while (true)
        {
            try
            {
                using var ping = await influx.Http.GetAsync("ping", cancellationToken);
                if (ping.StatusCode == HttpStatusCode.NoContent) break;
            }
            catch (HttpRequestException) when (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
            {
            }
            if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                await influx.DisposeAsync();
                throw new InvalidOperationException("influxd did not answer /ping within 30 s.");
            }
            await Task.Delay(200, cancellationToken);
        }
        return influx;
    }

    public async Task<string> QueryAsync(string database, string influxQl, CancellationToken cancellationToken)
    {
        var url = $"query?db={Uri.EscapeDataString(database)}&epoch=ns&q={Uri.EscapeDataString(influxQl)}";
        using var response = await Http.PostAsync(url, null, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode || body.Contains("\"error\"", StringComparison.Ordinal))
            throw new InvalidOperationException($"InfluxDB query failed ({(int)response.StatusCode}): {body}");
        return body;
    }

    /// <summary>
    /// The same query with the whole JSON body read into a pooled buffer instead of a string, for the timed runs: a
    /// 3,600-row answer as a string is ~216 KB of UTF-16 plus its ~108 KB byte buffer, both on the large-object heap,
    /// and that garbage in the bench process set off gen2 collections that paused the store's reads measured in it.
    /// </summary>
    public async Task<int> QueryBodyAsync(string database, string influxQl, CancellationToken cancellationToken)
    {
        var url = $"query?db={Uri.EscapeDataString(database)}&epoch=ns&q={Uri.EscapeDataString(influxQl)}";
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var length = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }
            if (!response.IsSuccessStatusCode || buffer.AsSpan(0, length).IndexOf("\"error\""u8) >= 0)
                throw new InvalidOperationException($"InfluxDB query failed ({(int)response.StatusCode}): {System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Min(length, 2000))}");
            return length;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task WriteAsync(string database, byte[] lineProtocol, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(lineProtocol);
        using var response = await Http.PostAsync($"write?db={Uri.EscapeDataString(database)}&precision=s", content, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"InfluxDB write failed ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public static long DirectoryBytes(string path) =>
        System.IO.Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"influxd at {BaseUri}");
}
