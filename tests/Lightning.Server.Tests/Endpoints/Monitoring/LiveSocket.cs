using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Monitoring;

/// <summary>A test's end of a monitoring WebSocket: connects with <c>?access_token=</c>, sends JSON, reads JSON messages with a deadline.</summary>
internal sealed class LiveSocket : IAsyncDisposable
{
    readonly WebSocket _socket;

    LiveSocket(WebSocket socket) => _socket = socket;

    public static async Task<LiveSocket> ConnectAsync(LightningAppFactory app, string path, string key, CancellationToken cancellationToken)
    {
        var client = app.Server.CreateWebSocketClient();
        var uri = new Uri(app.Server.BaseAddress, $"{path}?access_token={Uri.EscapeDataString(key)}");
        return new LiveSocket(await client.ConnectAsync(uri, cancellationToken));
    }

    public Task SendAsync(object message, CancellationToken cancellationToken) =>
        _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>The next message, or a failure naming the wait when none comes within <paramref name="within"/>.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(within);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, deadline.Token);
                if (received.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException($"The server closed the socket: {received.CloseStatus} {received.CloseStatusDescription}");
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No message within {within.TotalSeconds} s.", ex);
        }

        using var document = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray()));
        return document.RootElement.Clone();
    }

    /// <summary>Messages until one matches, skipping the others (e.g. a re-sent bucket before the new one).</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, TimeSpan within, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"No matching message within {within.TotalSeconds} s.");
            var message = await ReceiveAsync(left, cancellationToken);
            if (match(message)) return message;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }

        _socket.Dispose();
    }
}
