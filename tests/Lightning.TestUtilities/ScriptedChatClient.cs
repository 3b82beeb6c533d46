using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Lightning.TestUtilities;

/// <summary>A chat client that answers with scripted replies, in order, and records what it was asked.</summary>
public sealed class ScriptedChatClient(params string[] replies) : IChatClient
{
    readonly Queue<string> _replies = new(replies);

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Next())));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Requests.Add(messages.ToList());
        // Word by word, as a real model streams.
        foreach (var word in Next().Split(' '))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    string Next() => _replies.Count > 0 ? _replies.Dequeue() : throw new InvalidOperationException("The scripted chat client has no more replies.");
}
