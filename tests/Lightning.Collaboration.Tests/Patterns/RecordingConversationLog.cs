using System.Collections.Concurrent;
using Lightning.Collaboration.Execution;

namespace Lightning.Collaboration.Tests.Patterns;

/// <summary>Keeps the messages tools record, per collaboration, in order.</summary>
public sealed class RecordingConversationLog : IConversationLog
{
    public ConcurrentQueue<(string Collaboration, ConversationMessage Message)> Messages { get; } = new();

    public Task RecordAsync(string collaborationId, ConversationMessage message, CancellationToken cancellationToken)
    {
        Messages.Enqueue((collaborationId, message));
        return Task.CompletedTask;
    }
}
