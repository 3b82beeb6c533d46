using System.Text.Json;
using Lightning.Collaboration.Messaging;

namespace Lightning.Server.Endpoints;

/// <summary>A dead letter as the API shows it: the message's envelope, why it died, and every delivery before.</summary>
public sealed record DeadLetterView(
    string MessageId,
    string ConversationId,
    string Protocol,
    Performative Performative,
    string Sender,
    string Receiver,
    int Priority,
    int Attempt,
    string? IdempotencyKey,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReplyBy,
    string Reason,
    DateTimeOffset DeadAt,
    JsonElement Payload,
    IReadOnlyList<DeadLetterAttemptView> History)
{
    public static DeadLetterView From(DeadLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var message = letter.Message;
        return new DeadLetterView(
            message.Id, message.ConversationId, message.Protocol, message.Performative, message.Sender, message.Receiver.ToString(),
            message.Priority, message.Attempt, message.IdempotencyKey, message.CreatedAt, message.ReplyBy, letter.Reason, letter.DeadAt,
            message.Payload.ValueKind == JsonValueKind.Undefined ? JsonSerializer.SerializeToElement<object?>(null) : message.Payload,
            [.. letter.History.Select(attempt => new DeadLetterAttemptView(attempt.Attempt, attempt.At, attempt.Consumer, attempt.Outcome, attempt.Reason))]);
    }
}
