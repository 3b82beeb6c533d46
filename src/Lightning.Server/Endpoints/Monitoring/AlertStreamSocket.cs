using System.Net.WebSockets;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.History;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// <c>GET /api/v2/monitoring/alerts/stream</c>: every alert history event (state changes, notifications sent or
/// failed, acknowledgments, escalations, silenced and inhibited) as <c>{"type":"alert","event":{...}}</c> as it is
/// appended. The stream buffers a bounded number of events per client (dropping the oldest); a client that stops
/// reading is disconnected and reads what it missed from <c>/alerts/history</c>.
/// </summary>
public static class AlertStreamSocket
{
    public static async Task<IResult> StreamAsync(HttpContext context, AlertEventStream stream, IOptions<LiveMonitoringOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stream);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: connect with a WebSocket client.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // Subscribed before the upgrade completes, so nothing appended meanwhile is missed.
        var events = stream.Subscribe(stop.Token);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var closing = SocketClose.WaitAsync(socket, stop);
        var timeout = TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds);
        try
        {
            await foreach (var alertEvent in events.ReadAllAsync(stop.Token))
            {
                var payload = JsonSerializer.SerializeToUtf8Bytes(new AlertStreamMessage(alertEvent), LightningJson.Options);
                using var send = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                send.CancelAfter(timeout);
                try
                {
                    await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, send.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    Log.AlertStreamClientTooSlow(loggers.CreateLogger(typeof(AlertStreamSocket).FullName!), options.Value.SendTimeoutSeconds);
                    socket.Abort();
                    throw;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away or was dropped.
        }
        finally
        {
            await stop.CancelAsync();
            await closing;
        }

        return Results.Empty;
    }
}
