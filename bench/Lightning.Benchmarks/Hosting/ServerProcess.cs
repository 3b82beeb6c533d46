using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text.RegularExpressions;
using Lightning.Server.Hosting;

namespace Lightning.Benchmarks.Hosting;

/// <summary>
/// The real server, run by <see cref="LightningServer.RunAsync"/> in a child process of the bench, so the load
/// generator and the server do not share a heap, a GC or a thread pool (they still share the machine's cores).
/// It runs as in production: Release build, server GC, Production environment, log level Warning, SQLite in WAL mode
/// on a fresh data directory; only the per-key rate limit is lifted, since the load comes from one key.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    public const string ChildArgument = "--server-child";

    readonly Process _process;
    readonly TaskCompletionSource<string> _key = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly List<string> _log = [];
    readonly Lock _gate = new();

    ServerProcess(Process process, Uri baseUri, string dataDirectory)
    {
        _process = process;
        BaseUri = baseUri;
        DataDirectory = dataDirectory;
    }

    public Uri BaseUri { get; }

    public string DataDirectory { get; }

    public string ApiKey => _key.Task.IsCompletedSuccessfully ? _key.Task.Result : throw new InvalidOperationException("The server has not printed its admin key.");

    public int ProcessId => _process.Id;

    public bool ServerGc { get; private set; }

    /// <summary>CPU time (user + system) the server process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>The server's GC figures as last reported (at most 100 ms old).</summary>
    public GcSnapshot Gc { get; private set; } = new(0, 0, 0, 0);

    /// <summary>The server process's resident memory now, in MiB.</summary>
    public double WorkingSetMiB
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64 / 1024.0 / 1024.0;
        }
    }

    [GeneratedRegex(@"LIGHTNING_API_KEY=(\S+)")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"^bench-child: gc pause-ms=(?<pause>[\d.]+) gen0=(?<gen0>\d+) gen1=(?<gen1>\d+) gen2=(?<gen2>\d+)$", RegexOptions.ExplicitCapture)]
    private static partial Regex GcLine();

    /// <summary>
    /// The child's side: host the server exactly as <c>Lightning.Server</c>'s entry point does, and report its GC
    /// figures on stdout every 100 ms so the parent can tell how much of a run's latency was GC pauses.
    /// </summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        Console.WriteLine($"bench-child: gc-server={GCSettings.IsServerGC}");
        using var gcReport = new Timer(_ => Console.WriteLine(FormattableString.Invariant(
            $"bench-child: gc pause-ms={GC.GetTotalPauseDuration().TotalMilliseconds:0.###} gen0={GC.CollectionCount(0)} gen1={GC.CollectionCount(1)} gen2={GC.CollectionCount(2)}")),
            null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
        return await LightningServer.RunAsync(args);
    }

    /// <summary>
    /// Starts the server on a free loopback port with a fresh data directory under <paramref name="dataParent"/> (or the temp
    /// directory); <paramref name="environment"/> is added to its environment last.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string? dataParent, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var dataDirectory = dataParent is null
            ? Directory.CreateTempSubdirectory("lightning-bench-").FullName
            : Directory.CreateDirectory(Path.Combine(dataParent, $"lightning-bench-{Guid.NewGuid():N}")).FullName;
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var info = SelfStartInfo();
        foreach (var argument in (string[])[
            ChildArgument,
            "--urls", $"http://127.0.0.1:{port}",
            $"--Lightning:DataDirectory={dataDirectory}",
            "--Lightning:RateLimit:PermitsPerSecond=10000000",
            "--Lightning:RateLimit:Burst=10000000",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.AspNetCore=Warning",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore=Warning"])
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.Environment["DOTNET_gcServer"] = "1";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var name in (string[])["DOTNET_ENVIRONMENT", "ASPNETCORE_URLS", "LIGHTNING_DATA", "LIGHTNING_API_KEY", "OTEL_EXPORTER_OTLP_ENDPOINT"])
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process, baseUri, dataDirectory);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public string RecentLog()
    {
        lock (_gate)
        {
            return string.Join('\n', _log.TakeLast(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }

    void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (GcLine().Match(line) is { Success: true } gc)
        {
            Gc = new GcSnapshot(
                double.Parse(gc.Groups["pause"].Value, CultureInfo.InvariantCulture),
                int.Parse(gc.Groups["gen0"].Value, CultureInfo.InvariantCulture),
                int.Parse(gc.Groups["gen1"].Value, CultureInfo.InvariantCulture),
                int.Parse(gc.Groups["gen2"].Value, CultureInfo.InvariantCulture));
            return;
        }

        lock (_gate)
        {
            _log.Add(line);
        }

        if (KeyLine().Match(line) is { Success: true } match)
        {
            _key.TrySetResult(match.Groups[1].Value);
        }

        if (line.StartsWith("bench-child: gc-server=", StringComparison.Ordinal))
        {
            ServerGc = line.EndsWith("True", StringComparison.Ordinal);
        }
    }

    async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready:\n{RecentLog()}");
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"The server was not ready within 60 s:\n{RecentLog()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer its first request (a loaded machine): ask again until the deadline.
            }

            await Task.Delay(100, cancellationToken);
        }

        // The key is printed before Kestrel listens, but the output is read asynchronously.
        await _key.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
    }

    /// <summary>Starts this same program again, whether it runs from its apphost or as <c>dotnet Lightning.Benchmarks.dll</c>.</summary>
    static ProcessStartInfo SelfStartInfo()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the bench's own executable.");
        var info = new ProcessStartInfo(host);
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
        {
            info.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        }

        return info;
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

