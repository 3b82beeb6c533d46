using System.Net.WebSockets;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.History;

namespace Lightning.Server.Endpoints.Testing;

/// <summary>
/// <c>GET /api/v2/testing/runs/ws</c>: the runs list, live. It first sends <c>{ type: "runs", at, data: { items, next } }</c>,
/// the page <c>GET /runs</c> gives for the same filters (repository, framework, status, limit), then every change of a
/// run as <c>{ type, at, data }</c> with the run in the list's shape: <c>created</c>, <c>started</c>,
/// <c>cancel-requested</c> (at once, with <c>cancelRequestedBy</c> and <c>cancelRequestedAt</c>), <c>progress</c>
/// (live counts, at most four a second per run), <c>finished</c>, <c>cancelled</c>, and <c>deleted</c> (retention;
/// data is <c>{ id }</c>). Changes of runs outside the filters are not sent, except the one that takes a run the client
/// has out of them (a <c>status=running</c> list hears that its run finished). A client that falls behind is closed with
/// 1008 and the reason "too slow"; it reconnects and gets the current page again. A run never waits for a client.
/// </summary>
public static class TestRunListSocket
{
    /// <summary>Closes a client whose socket takes longer than this to accept one message.</summary>
    static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(10);

    public static async Task<IResult> StreamAsync(
        HttpContext context, TestRunService runs, TestRunChanges changes, TimeProvider time,
        string? repository = null, string? framework = null, string? status = null, int? limit = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(time);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: connect with a WebSocket client.");
        }

        // Bad filters are a 400 before the upgrade, worded as GET /runs words them.
        var query = TestingEndpoints.RunQuery(repository, framework, status, limit, before: null);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        // Subscribed before the page is read: a change in between is sent after the page, never lost.
        using var subscription = changes.Subscribe();
        var page = await runs.ListAsync(query, stop.Token);
        var sent = new HashSet<string>(page.Items.Select(r => r.Id), StringComparer.Ordinal);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var closing = SocketClose.WaitAsync(socket, stop);
        try
        {
            await SendAsync(socket, "runs", time.GetUtcNow(), page, stop.Token);
            await foreach (var change in subscription.Reader.ReadAllAsync(stop.Token))
            {
                if (Wanted(query, change, sent))
                {
                    await SendAsync(socket, change.Type, change.At, (object?)change.Run ?? new { id = change.Id }, stop.Token);
                }
            }

            if (subscription.Overflowed && socket.State == WebSocketState.Open)
            {
                using var close = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                close.CancelAfter(SendTimeout);
                await socket.CloseOutputAsync(WebSocketCloseStatus.PolicyViolation, "too slow: reconnect for the current list", close.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away, or was too slow and is dropped; runs go on.
        }
        finally
        {
            await stop.CancelAsync();
            await closing;
        }

        return Results.Empty;
    }

    /// <summary>
    /// A change inside the filters, or the one that takes a run the client holds out of them (then forgotten).
    /// Framework matches as the list's: any framework the run used.
    /// </summary>
    internal static bool Wanted(TestRunQuery query, TestRunChange change, HashSet<string> sent)
    {
        if (change.Run is not { } run)
        {
            return sent.Remove(change.Id);
        }

        var matches = (query.Repository is null || string.Equals(run.Repository, query.Repository, StringComparison.Ordinal))
            && (query.Framework is null || change.Frameworks.Contains(query.Framework, StringComparer.Ordinal))
            && (query.Status is null || run.Status == query.Status);
        if (matches)
        {
            sent.Add(run.Id);
            return true;
        }

        return sent.Remove(run.Id);
    }

    static async Task SendAsync(WebSocket socket, string type, DateTimeOffset at, object data, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new { type, at, data }, LightningJson.Options);
        using var send = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        send.CancelAfter(SendTimeout);
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, send.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A client that stopped reading: a half-sent frame cannot be closed politely.
            socket.Abort();
            throw;
        }
    }
}
