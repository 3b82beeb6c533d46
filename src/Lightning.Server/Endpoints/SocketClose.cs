using System.Net.WebSockets;

namespace Lightning.Server.Endpoints;

/// <summary>The receive side of the server's push-only WebSockets (alerts, the runs list).</summary>
static class SocketClose
{
    /// <summary>
    /// Reads (and ignores) what the client sends until it closes, answers its close, then cancels <paramref name="stop"/>
    /// so the sending side ends too. A client that just goes away ends it the same way.
    /// </summary>
    public static async Task WaitAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, stop.Token);
                if (received.MessageType != WebSocketMessageType.Close)
                {
                    continue;
                }

                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                }

                break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away.
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
}
