using System.Net.WebSockets;
using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Core.Serialization;
using Lightning.Server.Endpoints;

namespace Lightning.Server.WebSockets;

/// <summary>
/// Streams an action's events as JSON text messages: everything so far, then each new event until it finishes.
/// A finished action is replayed from its record: its output as one event, then <c>finished</c>.
/// </summary>
public static class ActionStreamSocket
{
    public static async Task<IResult> StreamAsync(string id, HttpContext context, ActionService actions, ActionLiveStreams streams, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: connect with a WebSocket client.");
        }

        var cancellationToken = context.RequestAborted;
        // Subscribe before reading the record, so an action finishing in between is never missed.
        var subscription = streams.Subscribe(id);
        var action = await actions.GetAsync(id, cancellationToken);
        if (action is null)
        {
            return Problems.NotFound($"No action with id '{id}'.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            if (subscription is null)
            {
                var output = await actions.GetOutputAsync(id, cancellationToken);
                foreach (var segment in output?.Segments ?? [])
                {
                    await SendAsync(socket, new ActionEvent(ActionEvent.Output, action.FinishedAt ?? timeProvider.GetUtcNow(), segment), cancellationToken);
                }

                await SendAsync(socket, new ActionEvent(ActionEvent.Finished, action.FinishedAt ?? timeProvider.GetUtcNow(), action), cancellationToken);
            }
            else
            {
                foreach (var past in subscription.Past)
                {
                    await SendAsync(socket, past, cancellationToken);
                }

                await foreach (var next in subscription.Live.ReadAllAsync(cancellationToken))
                {
                    await SendAsync(socket, next, cancellationToken);
                }
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "finished", cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away; the action goes on.
        }

        return Results.Empty;
    }

    static Task SendAsync(WebSocket socket, ActionEvent actionEvent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { type = actionEvent.Type, at = actionEvent.At, data = actionEvent.Data }, LightningJson.Options);
        return socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }
}
