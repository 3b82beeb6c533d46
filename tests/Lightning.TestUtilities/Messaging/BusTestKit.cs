using System.Diagnostics;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Xunit;

namespace Lightning.TestUtilities.Messaging;

/// <summary>What every bus test needs: a plain message, receiving within a time, and waiting for a dead letter.</summary>
public static class BusTestKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public static CollaborationMessage Message(string id, Address receiver) => new()
    {
        Id = id,
        ConversationId = "conv-" + id,
        Sender = "coordinator",
        Receiver = receiver,
        Performative = Performative.Request,
        CreatedAt = DateTimeOffset.UtcNow,
        Payload = JsonDocument.Parse("{\"n\":1}").RootElement,
    };

    /// <summary>The next delivery, or a <see cref="TimeoutException"/> after <paramref name="within"/> (default <see cref="Patience"/>).</summary>
    public static async Task<Delivery> ReceiveAsync(IMessageConsumer consumer, TimeSpan? within = null)
    {
        var wait = within ?? Patience;
        return await TryReceiveAsync(consumer, wait) ?? throw new TimeoutException($"No delivery within {wait.TotalSeconds} s.");
    }

    /// <summary>The next delivery, or null when none comes within <paramref name="within"/>; the receive is cancelled, not left pending.</summary>
    public static async Task<Delivery?> TryReceiveAsync(IMessageConsumer consumer, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(within);
        try
        {
            return await consumer.ReceiveAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            return null;
        }
    }

    public static async Task<DeadLetter> WaitForDeadLetterAsync(IMessageBus bus, string id)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < Patience)
        {
            if (await bus.GetDeadLetterAsync(id, Token) is { } dead)
            {
                return dead;
            }

            await Task.Delay(50, Token);
        }

        throw new TimeoutException($"Message {id} was not dead-lettered within {Patience.TotalSeconds} s.");
    }
}
