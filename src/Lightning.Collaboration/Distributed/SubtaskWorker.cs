using System.Collections.Concurrent;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Messaging;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Distributed;

/// <summary>
/// The bus side of a <c>lightning worker</c>: consumes the worker's requests (at most <c>concurrency</c> at once), runs each
/// tool from this process's catalogue as the worker's agent, publishes the result to the coordinator and only then acks the
/// request. A crash between the reply and the ack runs the request again under the same idempotency key; the coordinator
/// drops the second reply. A request the worker cannot read is returned to the bus (nack): after the delivery limit, with
/// backoff between deliveries, it is a dead letter, which can be redriven once a worker that reads it runs.
/// </summary>
public sealed class SubtaskWorker(
    IMessageBus bus, ToolCatalog tools, string name, IReadOnlyList<string> capabilities, int concurrency, TimeProvider time, ILogger<SubtaskWorker> logger)
{
    readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<Task, byte> _handlers = new();

    /// <summary>Requests running now.</summary>
    public int Running => _running.Count;

    /// <summary>
    /// Consumes until <paramref name="stopping"/>; then cancels what runs, and what was not answered goes back to the bus.
    /// <paramref name="subscribed"/> runs once the subscription is live, so "ready" is only said when requests can arrive.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping, Func<Task>? subscribed = null)
    {
        var consumer = await bus.SubscribeAsync(new Subscription(name, capabilities, concurrency), stopping);
        await using (consumer)
        {
            if (subscribed is not null)
            {
                await subscribed();
            }

            var receiver = new BusReceiver(consumer, time, logger);
            while (await receiver.ReceiveAsync(stopping) is { } delivery)
            {
                var handler = Task.Run(() => HandleSafelyAsync(delivery, stopping), CancellationToken.None);
                _handlers.TryAdd(handler, 0);
                _ = handler.ContinueWith(done => _handlers.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }

            foreach (var running in _running.Values)
            {
                await running.CancelAsync();
            }

            await Task.WhenAll(_handlers.Keys).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    async Task HandleSafelyAsync(Delivery delivery, CancellationToken stopping)
    {
        try
        {
            await HandleAsync(delivery, stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: the delivery stays unsettled and goes back to the bus with the consumer.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.HandlingFailed(logger, ex, delivery.Message.Id);
        }
    }

    async Task HandleAsync(Delivery delivery, CancellationToken stopping)
    {
        var message = delivery.Message;
        if (message.Protocol == WorkerProtocol.Protocol && message.Performative == Performative.Cancel)
        {
            if (message.InReplyTo is { } target && _running.TryGetValue(target, out var running))
            {
                await running.CancelAsync();
            }

            await delivery.AckAsync(stopping);
            return;
        }

        if (message.Protocol != WorkerProtocol.Protocol || message.Performative != Performative.Request)
        {
            var reason = $"not a subtask request (protocol {message.Protocol}, performative {message.Performative})";
            Log.Rejected(logger, message.Id, message.Sender, reason);
            await delivery.RejectAsync(reason, stopping);
            return;
        }

        if (message.ReplyBy is { } replyBy && replyBy <= time.GetUtcNow())
        {
            // The buses dead-letter expired messages as they hand them out; this catches one that expired in the prefetch buffer.
            Log.Rejected(logger, message.Id, message.Sender, "expired: its reply-by passed before it ran");
            await delivery.RejectAsync("expired: its reply-by passed before it ran", stopping);
            return;
        }

        SubtaskRequest request;
        try
        {
            request = SubtaskRequest.Parse(message.Payload);
        }
        catch (FormatException ex)
        {
            Log.MalformedRequest(logger, name, message.Id, ex.Message);
            await delivery.NackAsync("malformed request: " + ex.Message, stopping);
            return;
        }

        var result = await RunToolAsync(message, request, stopping);
        stopping.ThrowIfCancellationRequested();
        var reply = new CollaborationMessage
        {
            // The same id for every run of this request: a repeat after a crash is a duplicate on the bus, or dropped by the coordinator.
            Id = message.Id.Length <= 120 ? message.Id + ".reply" : "rep_" + Guid.NewGuid().ToString("N"),
            ConversationId = message.ConversationId,
            InReplyTo = message.Id,
            Protocol = WorkerProtocol.Protocol,
            Performative = result.Succeeded ? Performative.Inform : Performative.Failure,
            Sender = name,
            Receiver = Address.Agent(WorkerProtocol.CoordinatorAgent),
            Priority = message.Priority,
            IdempotencyKey = message.IdempotencyKey,
            CreatedAt = time.GetUtcNow(),
            Payload = SubtaskReply.From(result).ToJson(),
        };
        await BusPublisher.PublishAsync(bus, reply, logger, time, giveUp: null, stopping);
        await delivery.AckAsync(stopping);
    }

    async Task<ToolResult> RunToolAsync(CollaborationMessage message, SubtaskRequest request, CancellationToken stopping)
    {
        if (tools.Find(request.Tool) is not { } tool)
        {
            return ToolResult.Failure($"Worker '{name}' has no tool '{request.Tool}'.", retryable: false);
        }

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (request.TimeoutSeconds is { } seconds)
        {
            cancellation.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        _running[message.Id] = cancellation;
        Log.Running(logger, name, request.Tool, request.IdempotencyKey, request.Attempt);
        ToolResult result;
        try
        {
            result = await tool.RunAsync(request.ToCall(name), cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            result = ToolResult.Failure(request.TimeoutSeconds is { } limit ? $"Cancelled on worker '{name}' (or timed out after {limit} s)." : $"Cancelled on worker '{name}'.",
                retryable: false);
        }
#pragma warning disable CA1031 // A crashing tool is a failed attempt, not a crashed worker.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            result = ToolResult.Failure($"The tool '{tool.Name}' crashed on worker '{name}': {ex.Message}");
        }
        finally
        {
            _running.TryRemove(message.Id, out _);
        }

        Log.Finished(logger, name, request.IdempotencyKey, result.Succeeded ? "succeeded" : "failed: " + result.Error);
        return result;
    }
}
