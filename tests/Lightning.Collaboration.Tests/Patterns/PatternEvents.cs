using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Tests.Patterns;

internal static class PatternEvents
{
    /// <summary>The conversation messages of a collaboration's log, in order.</summary>
    public static async Task<List<ConversationMessage>> MessagesAsync(ICollaborationService collaborations, string id, CancellationToken cancellationToken) =>
        [.. (await collaborations.EventsAsync(id, 0, 10_000, cancellationToken))!
            .Where(e => e.Type == CollaborationEventTypes.Message)
            .Select(e => e.Data!.Value.Deserialize<ConversationMessage>(LightningJson.Options)!)];
}
