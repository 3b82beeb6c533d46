using System.Text.Json;

namespace Lightning.Collaboration.Execution;

/// <summary>
/// A message between agents (or the coordinator) inside one collaboration, as its log keeps it: the conversation view
/// shows these beside the requests and results of subtasks. <see cref="Performative"/> is kebab-case
/// (<c>cfp</c>, <c>propose</c>, <c>refuse</c>, <c>accept-proposal</c>, <c>reject-proposal</c>, <c>request</c>,
/// <c>inform</c>, <c>failure</c>, ...).
/// </summary>
public sealed record ConversationMessage(
    string Conversation,
    string Performative,
    string Sender,
    string Receiver,
    string? Subtask = null,
    string? InReplyTo = null,
    JsonElement? Content = null);

/// <summary>Lets tools and coordinators add messages to a running collaboration's log.</summary>
public interface IConversationLog
{
    /// <summary>Appends the message to the collaboration's log; returns once durable. Throws not-found for an unknown or finished collaboration.</summary>
    Task RecordAsync(string collaborationId, ConversationMessage message, CancellationToken cancellationToken);
}
