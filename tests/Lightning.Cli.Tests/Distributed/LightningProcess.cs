using System.Diagnostics;
using System.Text;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Distributed;

/// <summary>
/// A real <c>lightning</c> process (the CLI built beside this test assembly), its output collected, killable with
/// <c>kill -9</c>. Nothing is shared with the test process but the environment given.
/// </summary>
internal sealed class LightningProcess : IAsyncDisposable
{
    readonly Process _process;
    readonly StringBuilder _output = new();
    readonly Lock _gate = new();

    LightningProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public static LightningProcess Start(string name, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "lightning.dll");
        var start = DotnetHost.Exec(cli);
        start.RedirectStandardInput = true;
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        // Only what the test says: a developer's own server, key or bus must not leak in.
        foreach (var variable in new[] { "LIGHTNING_SERVER", "LIGHTNING_API_KEY", "LIGHTNING_DATA", "CI" })
        {
            start.Environment.Remove(variable);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Lightning__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {name}.");
        var child = new LightningProcess(process, name);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the output has a line matching <paramref name="condition"/>; fails with the output if the process exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> condition, TimeSpan within, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var line = Output.Split('\n').FirstOrDefault(condition);
            if (line is not null)
            {
                return line;
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:\n{Output}");
            }

            if (Stopwatch.GetElapsedTime(started) > within)
            {
                throw new TimeoutException($"{Name} was not ready within {within}:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>SIGKILL: no cleanup, no last heartbeat, no ack.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Append(line).Append('\n');
        }
    }
}
