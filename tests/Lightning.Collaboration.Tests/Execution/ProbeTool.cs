using System.Collections.Concurrent;
using System.Text.Json;
using Lightning.Agents.Tools;

namespace Lightning.Collaboration.Tests.Execution;

/// <summary>
/// A tool tests steer: input <c>{"value": ..., "failTimes": n, "hold": true, "usage": tokens}</c>. It counts calls per
/// idempotency key, fails the first n calls of a key, holds (until released or cancelled) when asked, and records how
/// many ran at once.
/// </summary>
public sealed class ProbeTool : IAgentTool
{
    readonly Lock _gate = new();
    TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int _running;

    public string Name => "probe";

    public string Description => "Test probe.";

    public string? Capability => null;

    public ConcurrentDictionary<string, int> Calls { get; } = new(StringComparer.Ordinal);

    public ConcurrentQueue<string> Agents { get; } = new();

    public int MaxConcurrent { get; private set; }

    public int Holding => Volatile.Read(ref _running);

    public IReadOnlyList<string> Validate(JsonElement input) => [];

    /// <summary>
    /// Waits until no call holds. After a host stops, its held call ends as it is cancelled, but on a loaded machine may
    /// still count for a moment; a test that restarts waits for this, so the next hold it sees is the new host's.
    /// </summary>
    public async Task WaitNotHoldingAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (Holding != 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _release.TrySetResult();
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var call = Calls.AddOrUpdate(invocation.IdempotencyKey, 1, (_, count) => count + 1);
        Agents.Enqueue(invocation.Agent);
        Task release;
        lock (_gate)
        {
            // Taken before the call counts as holding, so a Release() after Holding rises always frees it.
            release = _release.Task;
        }

        var running = Interlocked.Increment(ref _running);
        lock (_gate)
        {
            MaxConcurrent = Math.Max(MaxConcurrent, running);
        }

        try
        {
            var input = invocation.Input;
            if (input.TryGetProperty("hold", out var hold) && hold.GetBoolean())
            {
                await release.WaitAsync(cancellationToken);
            }
            else
            {
                await Task.Delay(input.TryGetProperty("delayMs", out var delay) ? delay.GetInt32() : 0, cancellationToken);
            }

            if (input.TryGetProperty("failTimes", out var failTimes) && call <= failTimes.GetInt32())
            {
                return ToolResult.Failure($"planned failure {call}");
            }

            var usage = input.TryGetProperty("usage", out var tokens) ? new ToolUsage(tokens.GetInt64(), 0) : null;
            return ToolResult.Success(input.TryGetProperty("value", out var value) ? value.Clone() : JsonSerializer.SerializeToElement(call), usage);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }
}
