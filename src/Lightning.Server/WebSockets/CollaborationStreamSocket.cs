using System.Net.WebSockets;
using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Core.Serialization;
using Lightning.Server.Endpoints;

namespace Lightning.Server.WebSockets;

/// <summary>
/// Streams a collaboration's events as JSON text messages <c>{ sequence, type, at, subtask, data }</c>: the recorded
/// ones after <c>after</c>, then each new one as it is committed, and closes normally after <c>finished</c>. A client
/// that reconnects passes the last sequence it saw as <c>after</c> and misses nothing.
/// </summary>
public static class CollaborationStreamSocket
{
    public static async Task<IResult> StreamAsync(string taskId, HttpContext context, ICollaborationService collaborations, long after = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(collaborations);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: connect with a WebSocket client.");
        }

        if (after < 0)
        {
            return Problems.BadRequest("After must be a sequence number of 0 or more.");
        }

        var cancellationToken = context.RequestAborted;
        // Watching an unknown id would wait for events that never come: answer 404 before the upgrade instead.
        if (await collaborations.GetAsync(taskId, cancellationToken) is null)
        {
            return CollaborationEndpoints.NotFound(taskId);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            await foreach (var next in collaborations.WatchAsync(taskId, after, cancellationToken))
            {
                await SendAsync(socket, next, cancellationToken);
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "finished", cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away; the collaboration goes on.
        }

        return Results.Empty;
    }

    static Task SendAsync(WebSocket socket, CollaborationEvent collaborationEvent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            sequence = collaborationEvent.Sequence,
            type = collaborationEvent.Type,
            at = collaborationEvent.At,
            subtask = collaborationEvent.Subtask,
            data = collaborationEvent.Data,
        }, LightningJson.Options);
        return socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }
}
