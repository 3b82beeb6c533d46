using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Lightning.Benchmarks.Hosting;
using Lightning.Core.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Benchmarks.Actions;

/// <summary>
/// The cost of starting a trivial command as a local action, against starting it with a bare <see cref="Process.Start()"/>.
/// Every iteration measures each kind once, in a rotating order, so drift and noise hit all kinds alike.
/// </summary>
internal sealed class ActionStartBenchmark(ServerProcess server, BenchOptions options, TextWriter log)
{
    /// <summary>Process.Start + WaitForExit, nothing redirected.</summary>
    public const string Bare = "bare";

    /// <summary>Process.Start with stdin, stdout and stderr redirected, both outputs read to the end, WaitForExit: the comparator.</summary>
    public const string BareRedirected = "bare-redirected";

    /// <summary>Lightning.Core's ProcessRunner.RunAsync in the bench process.</summary>
    public const string Runner = "process-runner";

    /// <summary>Server-side record of an action: startedAt → finishedAt.</summary>
    public const string ActionRun = "action-run";

    /// <summary>Server-side record: createdAt → startedAt (background scheduling and the agent's concurrency slot).</summary>
    public const string ActionQueue = "action-queue";

    /// <summary>POST /api/v2/actions until its 202 answer.</summary>
    public const string ActionSubmit = "action-submit";

    /// <summary>Client-side: before POST → the finished event read from the action's WebSocket.</summary>
    public const string ActionEndToEnd = "action-end-to-end";

    /// <summary>Reference: a 4 KiB write and fsync in the server's data directory, what each durable SQLite commit pays at least.</summary>
    public const string Fsync = "fsync";

    readonly ProcessRunner _runner = new(NullLogger<ProcessRunner>.Instance, TimeProvider.System);
    readonly string _workspace = Directory.CreateTempSubdirectory("lightning-bench-ws-").FullName;
    readonly byte[] _page = new byte[4096];
    readonly Dictionary<string, List<double>> _samples = new(StringComparer.Ordinal);
    int _errors;

    public async Task<ActionStartResult> RunAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 }) { BaseAddress = server.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.ApiKey);
        var kinds = new Func<bool, Task>[]
        {
            record => Time(Bare, record, () => RunBare(redirect: false)),
            record => Time(BareRedirected, record, () => RunBare(redirect: true)),
            record => TimeAsync(Runner, record, () => RunRunnerAsync(cancellationToken)),
            record => RunActionAsync(client, record, cancellationToken),
            record => Time(Fsync, record, WriteAndSync),
        };

        try
        {
            log.WriteLine($"  warm-up: {options.WarmupIterations} of each kind; then {options.Iterations} of each, alternating, in {options.Rounds} round(s)");
            for (var i = 0; i < options.WarmupIterations; i++)
            {
                foreach (var kind in kinds)
                {
                    await kind(false);
                }
            }

            for (var i = 0; i < options.Iterations; i++)
            {
                for (var k = 0; k < kinds.Length; k++)
                {
                    await kinds[(i + k) % kinds.Length](true);
                }
            }
        }
        finally
        {
            Directory.Delete(_workspace, recursive: true);
        }

        return new ActionStartResult(options.Command, options.Rounds, _samples.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<double>)pair.Value, StringComparer.Ordinal), _errors);
    }

    void Record(string kind, double milliseconds)
    {
        if (!_samples.TryGetValue(kind, out var list))
        {
            _samples[kind] = list = [];
        }

        list.Add(milliseconds);
    }

    void Fail(string message)
    {
        _errors++;
        log.WriteLine($"  error: {message}");
    }

    Task Time(string kind, bool record, Func<bool> run)
    {
        var start = Stopwatch.GetTimestamp();
        var ok = run();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!ok)
        {
            Fail($"{kind}: {options.Command} did not exit with code 0");
        }
        else if (record)
        {
            Record(kind, elapsed);
        }

        return Task.CompletedTask;
    }

    async Task TimeAsync(string kind, bool record, Func<Task<bool>> run)
    {
        var start = Stopwatch.GetTimestamp();
        var ok = await run();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!ok)
        {
            Fail($"{kind}: {options.Command} did not exit with code 0");
        }
        else if (record)
        {
            Record(kind, elapsed);
        }
    }

    bool RunBare(bool redirect)
    {
        var info = new ProcessStartInfo(options.Command)
        {
            UseShellExecute = false,
            WorkingDirectory = _workspace,
            RedirectStandardInput = redirect,
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
        };
        using var process = Process.Start(info)!;
        if (!redirect)
        {
            process.WaitForExit();
            return process.ExitCode == 0;
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Task.WaitAll(stdout, stderr);
        return process.ExitCode == 0;
    }

    bool WriteAndSync()
    {
        var path = Path.Combine(server.DataDirectory, "bench-fsync.tmp");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            file.Write(_page);
            file.Flush(flushToDisk: true);
        }

        return true;
    }

    async Task<bool> RunRunnerAsync(CancellationToken cancellationToken)
    {
        var result = await _runner.RunAsync(new ProcessSpec(options.Command, []) { WorkingDirectory = _workspace }, onOutput: null, cancellationToken);
        return result is { Outcome: ProcessOutcome.Exited, ExitCode: 0 };
    }

    /// <summary>A command action through the public API, followed on its WebSocket until the finished event.</summary>
    async Task RunActionAsync(HttpClient client, bool record, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var request = JsonSerializer.Serialize(new { agent = "devops-engineer", kind = "command", command = new[] { options.Command } });
        using var content = new StringContent(request, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("api/v2/actions", UriKind.Relative), content, cancellationToken);
        var submitted = Stopwatch.GetTimestamp();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            Fail($"POST /api/v2/actions answered {(int)response.StatusCode}: {body}");
            return;
        }

        string id;
        using (var accepted = JsonDocument.Parse(body))
        {
            id = accepted.RootElement.GetProperty("id").GetString()!;
        }

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", $"Bearer {server.ApiKey}");
        var wsUri = new UriBuilder(new Uri(server.BaseUri, $"api/v2/actions/{id}/ws")) { Scheme = "ws" }.Uri;
        await socket.ConnectAsync(wsUri, cancellationToken);
        JsonElement? finished = null;
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (finished is null && socket.State == WebSocketState.Open)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            using var json = JsonDocument.Parse(message.ToArray());
            message.SetLength(0);
            if (json.RootElement.GetProperty("type").GetString() == "finished")
            {
                finished = json.RootElement.GetProperty("data").Clone();
            }
        }

        var end = Stopwatch.GetTimestamp();
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", cancellationToken);
        }

        if (finished is not { } action)
        {
            Fail($"action {id}: the WebSocket closed without a finished event");
            return;
        }

        var status = action.GetProperty("status").GetString();
        if (status != "succeeded")
        {
            Fail($"action {id} ended {status}: {action.GetProperty("error")}");
            return;
        }

        if (record)
        {
            var created = action.GetProperty("createdAt").GetDateTimeOffset();
            var started = action.GetProperty("startedAt").GetDateTimeOffset();
            var finishedAt = action.GetProperty("finishedAt").GetDateTimeOffset();
            Record(ActionSubmit, Stopwatch.GetElapsedTime(start, submitted).TotalMilliseconds);
            Record(ActionEndToEnd, Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
            Record(ActionRun, (finishedAt - started).TotalMilliseconds);
            Record(ActionQueue, (started - created).TotalMilliseconds);
        }
    }
}
