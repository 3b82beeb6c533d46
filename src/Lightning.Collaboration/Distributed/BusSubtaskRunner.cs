using System.Collections.Concurrent;
using System.Globalization;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Distributed;

/// <summary>
/// Runs a subtask attempt on a <c>lightning worker</c>: publishes a request to <c>agent:WORKER</c> and waits for its reply,
/// which arrives on the coordinator's own subscription (<see cref="WorkerProtocol.CoordinatorAgent"/>), matched by
/// <c>inReplyTo</c>. While it waits it watches the worker's heartbeats in the registry: a worker that goes offline has lost
/// its lease, and the attempt ends with a retryable failure, so the engine retries it on an agent that is online.
/// A reply that comes after that (or twice) is dropped.
/// </summary>
public sealed class BusSubtaskRunner : ISubtaskRunner, IAsyncDisposable
{
    readonly IMessageBus _bus;
    readonly AgentRegistry _registry;
    readonly TimeProvider _time;
    readonly ILogger<BusSubtaskRunner> _logger;
    readonly TimeSpan _leaseCheckInterval;
    readonly ConcurrentDictionary<string, TaskCompletionSource<ToolResult>> _pending = new(StringComparer.Ordinal);
    readonly SemaphoreSlim _startGate = new(1, 1);
    readonly CancellationTokenSource _stopping = new();
    IMessageConsumer? _replies;
    Task? _listener;

    public BusSubtaskRunner(IMessageBus bus, AgentRegistry registry, TimeProvider time, ILogger<BusSubtaskRunner> logger, TimeSpan? leaseCheckInterval = null)
    {
        _bus = bus;
        _registry = registry;
        _time = time;
        _logger = logger;
        _leaseCheckInterval = leaseCheckInterval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>Requests waiting for their reply now.</summary>
    public int Pending => _pending.Count;

    public async Task<ToolResult> RunAsync(IAgentTool tool, ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(invocation);
        await EnsureListeningAsync(cancellationToken);

        var now = _time.GetUtcNow();
        var id = "req_" + Guid.NewGuid().ToString("N");
        var conversation = invocation.Collaboration is { } collaboration ? $"{collaboration}:{invocation.Subtask}" : id;
        var request = new CollaborationMessage
        {
            Id = id,
            ConversationId = conversation.Length <= 128 ? conversation : id,
            Protocol = WorkerProtocol.Protocol,
            Performative = Performative.Request,
            Sender = WorkerProtocol.CoordinatorSender,
            Receiver = Address.Agent(invocation.Agent),
            ReplyBy = invocation.Timeout is { } timeout ? now + timeout : null,
            IdempotencyKey = invocation.IdempotencyKey,
            CreatedAt = now,
            Payload = SubtaskRequest.From(tool.Name, invocation).ToJson(),
        };

        var reply = new TaskCompletionSource<ToolResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            try
            {
                await BusPublisher.PublishAsync(_bus, request, _logger, _time, token => LeaseLostAsync(invocation, token), cancellationToken);
            }
            catch (LightningException ex) when (ex.Code == "bus.publish_abandoned")
            {
                return ToolResult.Failure(ex.Message);
            }

            while (true)
            {
                var check = Task.Delay(_leaseCheckInterval, _time, cancellationToken);
                if (await Task.WhenAny(reply.Task, check) == reply.Task)
                {
                    return await reply.Task;
                }

                await check;
                if (await LeaseLostAsync(invocation, cancellationToken) is { } lost)
                {
                    // It may have answered just now.
                    return reply.Task.IsCompletedSuccessfully ? await reply.Task : ToolResult.Failure(lost);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await CancelOnWorkerAsync(request);
            throw;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_listener is { } listener)
        {
            await listener.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_replies is { } replies)
        {
            await replies.DisposeAsync();
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetResult(ToolResult.Failure("The coordinator is stopping."));
        }

        _stopping.Dispose();
        _startGate.Dispose();
    }

    /// <summary>Why the worker no longer holds the work (offline, removed), or null while it does.</summary>
    async Task<string?> LeaseLostAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        var agent = await _registry.FindAsync(invocation.Agent, cancellationToken);
        string? reason = agent switch
        {
            null => $"worker {invocation.Agent} lost its lease: it was removed from the registry",
            { Status: AgentStatus.Offline } => string.Create(CultureInfo.InvariantCulture,
                $"worker {invocation.Agent} lost its lease: no heartbeat since {agent.LastHeartbeatAt?.ToString("O", CultureInfo.InvariantCulture) ?? "it registered"}"),
            _ => null,
        };
        if (reason is not null)
        {
            Log.LeaseLost(_logger, invocation.Agent, invocation.IdempotencyKey, reason);
        }

        return reason;
    }

    async Task CancelOnWorkerAsync(CollaborationMessage request)
    {
        // Best effort: a worker that never sees it finishes the tool, and its reply is dropped.
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _bus.PublishAsync(new CollaborationMessage
            {
                Id = "cancel_" + Guid.NewGuid().ToString("N"),
                ConversationId = request.ConversationId,
                InReplyTo = request.Id,
                Protocol = WorkerProtocol.Protocol,
                Performative = Performative.Cancel,
                Sender = WorkerProtocol.CoordinatorSender,
                Receiver = request.Receiver,
                Priority = 9,
                CreatedAt = _time.GetUtcNow(),
            }, timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HandlingFailed(_logger, ex, request.Id);
        }
    }

    async Task EnsureListeningAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
        {
            return;
        }

        await _startGate.WaitAsync(cancellationToken);
        try
        {
            if (_listener is null)
            {
                _replies = await _bus.SubscribeAsync(new Subscription(WorkerProtocol.CoordinatorAgent, [], Prefetch: 256), cancellationToken);
                _listener = Task.Run(() => ListenAsync(_replies, _stopping.Token), CancellationToken.None);
            }
        }
        finally
        {
            _startGate.Release();
        }
    }

    async Task ListenAsync(IMessageConsumer replies, CancellationToken stopping)
    {
        var receiver = new BusReceiver(replies, _time, _logger);
        while (await receiver.ReceiveAsync(stopping) is { } delivery)
        {
            try
            {
                await HandleAsync(delivery, stopping);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The delivery stays unsettled and comes back: a failed settlement never stops the listener.
                Log.HandlingFailed(_logger, ex, delivery.Message.Id);
            }
        }
    }

    async Task HandleAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var message = delivery.Message;
        if (message.Protocol != WorkerProtocol.Protocol || message.InReplyTo is null || message.Performative is not (Performative.Inform or Performative.Failure))
        {
            await RejectAsync(delivery, $"not a subtask reply (protocol {message.Protocol}, performative {message.Performative}, inReplyTo {message.InReplyTo ?? "none"})", cancellationToken);
            return;
        }

        SubtaskReply reply;
        try
        {
            reply = SubtaskReply.Parse(message.Payload);
            if (reply.Succeeded != (message.Performative == Performative.Inform))
            {
                throw new FormatException($"A {message.Performative} reply says succeeded = {reply.Succeeded}.");
            }
        }
        catch (FormatException ex)
        {
            // The worker answered, but unreadably: the attempt fails now (and is retried) rather than waiting for a lease.
            if (_pending.TryGetValue(message.InReplyTo, out var waiting))
            {
                waiting.TrySetResult(ToolResult.Failure($"The worker {message.Sender} sent a malformed reply: {ex.Message}"));
            }

            await RejectAsync(delivery, "malformed reply: " + ex.Message, cancellationToken);
            return;
        }

        if (_pending.TryGetValue(message.InReplyTo, out var pending))
        {
            pending.TrySetResult(reply.ToResult());
        }
        else
        {
            Log.StaleReply(_logger, message.Id, message.InReplyTo);
        }

        await delivery.AckAsync(cancellationToken);
    }

    async Task RejectAsync(Delivery delivery, string reason, CancellationToken cancellationToken)
    {
        Log.Rejected(_logger, delivery.Message.Id, delivery.Message.Sender, reason);
        await delivery.RejectAsync(reason, cancellationToken);
    }
}
