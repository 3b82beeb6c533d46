using System.Text;
using System.Text.Json;
using Lightning.Agents.Tools;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>
/// The recovery drill's no-op agent work: returns its input, but first appends one line (the call's idempotency key
/// and attempt) to a file and flushes it to the operating system, so a kill -9 of the process loses none of the calls
/// made before it.
/// </summary>
internal sealed class ProbeTool(string file, int delayMs) : IAgentTool, IDisposable
{
    public const string ToolName = "bench-probe";

    readonly FileStream _stream = new(file, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
    readonly Lock _gate = new();

    public string Name => ToolName;

    public string Description => "Append the call's idempotency key to a file, then return the input (scheduler benchmark probe).";

    public string? Capability => null;

    public IReadOnlyList<string> Validate(JsonElement input) => [];

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (delayMs > 0)
        {
            await Task.Delay(delayMs, cancellationToken);
        }

        var line = Encoding.UTF8.GetBytes(FormattableString.Invariant($"{invocation.IdempotencyKey} {invocation.Attempt}\n"));
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush();
        }

        return ToolResult.Success(invocation.Input);
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>The idempotency keys in the file, in call order (a line cut short by a kill is left out).</summary>
    public static List<string> ReadKeys(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }

        var text = File.ReadAllText(file);
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split(' ')[0])];
    }

    /// <summary>How many complete lines the file holds now.</summary>
    public static int CountLines(string file)
    {
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> buffer = stackalloc byte[16 * 1024];
            var count = 0;
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                count += buffer[..read].Count((byte)'\n');
            }

            return count;
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }
}
