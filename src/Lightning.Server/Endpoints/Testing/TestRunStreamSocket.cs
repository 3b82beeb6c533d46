using System.Net.WebSockets;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.History;

namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// Streams a test run's events as JSON text messages <c>{ sequence, type, at, project, data }</c>: the recorded ones
/// after <c>after</c>, then each new one while the run goes on, and closes normally after <c>finished</c>. A client
/// that reconnects passes the last sequence it saw as <c>after</c> and misses nothing.
/// </summary>
public static class TestRunStreamSocket
{
    public static async Task<IResult> StreamAsync(string id, HttpContext context, TestRunService runs, long after = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runs);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: connect with a WebSocket client.");
        }

        if (after < 0)
        {
            return Problems.BadRequest("After must be a sequence number of 0 or more.");
        }

        var cancellationToken = context.RequestAborted;
        // Watching an unknown id would end at once with nothing: answer 404 before the upgrade instead.
        if (await runs.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound($"No test run with id '{id}'.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            await foreach (var next in runs.WatchAsync(id, after, cancellationToken))
            {
                await SendAsync(socket, next, cancellationToken);
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "finished", cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away; the run goes on.
        }

        return Results.Empty;
    }

    static Task SendAsync(WebSocket socket, TestRunEvent runEvent, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new
        {
            sequence = runEvent.Sequence,
            type = runEvent.Type,
            at = runEvent.At,
            project = runEvent.Project,
            data = runEvent.Data,
        }, LightningJson.Options);
        return socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }
}
