using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using System.Threading.Channels;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Live;
using Lightning.Monitoring.Querying;
using Lightning.Monitoring.Storage;
using Lightning.Server.ErrorHandling;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>
/// <c>GET /api/v2/monitoring/live</c>: live chart data over one WebSocket. The client subscribes queries by id
/// (<c>{"type":"subscribe","id":"p1","query":{...}}</c>) and gets a snapshot of the trailing window, then, at most once a
/// second per subscription, the points written since. Writes reach it through <see cref="MetricWriteSignal"/>: the
/// signal only marks the subscriptions on that measurement dirty and wakes this socket's loop, which re-reads from each
/// subscription's last sent point; writers never wait for a client, and a client that stops reading is dropped.
/// </summary>
public static class LiveMetricSocket
{
    public static async Task<IResult> StreamAsync(
        HttpContext context, IMetricStore store, MetricWriteSignal signal, TimeProvider time, IOptions<LiveMonitoringOptions> options, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return Problems.BadRequest("This endpoint speaks WebSocket: connect with a WebSocket client.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new Session(socket, store, signal, time, options.Value, loggers.CreateLogger(typeof(LiveMetricSocket).FullName!));
        await session.RunAsync(context.RequestAborted);
        return Results.Empty;
    }

    abstract record Command;
    sealed record Subscribe(string Id, JsonElement Query) : Command;
    sealed record Unsubscribe(string Id) : Command;
    sealed record Invalid(string? Id, string Detail) : Command;
    sealed record Wake : Command;

    sealed class Session(WebSocket socket, IMetricStore store, MetricWriteSignal signal, TimeProvider time, LiveMonitoringOptions options, ILogger logger)
    {
        static readonly TimeSpan FutureSkew = TimeSpan.FromMinutes(1);
        readonly Channel<Command> _commands = Channel.CreateBounded<Command>(new BoundedChannelOptions(256) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        readonly Dictionary<string, LiveSubscription> _subscriptions = new(StringComparer.Ordinal);
        readonly TimeSpan _pushInterval = TimeSpan.FromMilliseconds(options.PushIntervalMs);
        // Read by the write signal on writers' threads: a copy replaced whenever subscriptions change.
        volatile LiveSubscription[] _watched = [];
        int _wakePending;

        public async Task RunAsync(CancellationToken aborted)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            using var writes = signal.Subscribe(OnWrite);
            using var timer = time.CreateTimer(_ => WakeUp(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            var receiving = ReceiveAsync(stop.Token);
            try
            {
                await foreach (var command in _commands.Reader.ReadAllAsync(stop.Token))
                {
                    switch (command)
                    {
                        case Subscribe subscribe: await SubscribeAsync(subscribe, stop.Token); break;
                        case Unsubscribe unsubscribe: await UnsubscribeAsync(unsubscribe.Id, stop.Token); break;
                        case Invalid invalid: await SendAsync(new LiveErrorMessage(invalid.Id, StatusCodes.Status400BadRequest, invalid.Detail), stop.Token); break;
                    }

                    if (_commands.Reader.Count == 0)
                    {
                        var next = await RefreshDueAsync(stop.Token);
                        timer.Change(next, Timeout.InfiniteTimeSpan);
                    }
                }

                if (socket.State is WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
            {
                // The client went away, or was too slow and was dropped.
            }
            finally
            {
                await stop.CancelAsync();
                try
                {
                    await receiving;
                }
                catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
                {
                }
            }
        }

        void OnWrite(MetricWrite write)
        {
            var marked = false;
            foreach (var subscription in _watched)
            {
                if (!string.Equals(subscription.Template.Measurement, write.Measurement, StringComparison.Ordinal)) continue;
                subscription.MarkDirty();
                marked = true;
            }

            if (marked) WakeUp();
        }

        void WakeUp()
        {
            // One wake-up in the queue at a time; if the queue is full of commands, the loop refreshes after them anyway.
            if (Interlocked.Exchange(ref _wakePending, 1) == 0 && !_commands.Writer.TryWrite(new Wake())) Volatile.Write(ref _wakePending, 0);
        }

        async Task ReceiveAsync(CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    buffer.ResetWrittenCount();
                    ValueWebSocketReceiveResult received;
                    do
                    {
                        received = await socket.ReceiveAsync(buffer.GetMemory(4096), cancellationToken);
                        buffer.Advance(received.Count);
                        if (buffer.WrittenCount > options.MaxMessageBytes)
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, $"messages are at most {options.MaxMessageBytes} bytes", cancellationToken);
                            return;
                        }
                    }
                    while (!received.EndOfMessage);

                    if (received.MessageType == WebSocketMessageType.Close) return;
                    await _commands.Writer.WriteAsync(Read(buffer.WrittenSpan), cancellationToken);
                }
            }
            finally
            {
                _commands.Writer.TryComplete();
            }
        }

        static Command Read(ReadOnlySpan<byte> message)
        {
            JsonElement root;
            try
            {
                using var document = JsonDocument.Parse(message.ToArray());
                root = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                return new Invalid(null, $"The message is not JSON: {ex.Message}");
            }

            if (root.ValueKind != JsonValueKind.Object) return new Invalid(null, "A message is a JSON object with a type.");
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var type = root.TryGetProperty("type", out var typeElement) && typeElement.ValueKind == JsonValueKind.String ? typeElement.GetString() : null;
            if (type is not ("subscribe" or "unsubscribe")) return new Invalid(id, $"Unknown message type '{type}': send subscribe or unsubscribe.");
            if (string.IsNullOrWhiteSpace(id) || id.Length > 100) return new Invalid(id, "Each message needs an id (a string of 1 to 100 characters) naming the subscription.");
            if (type == "unsubscribe") return new Unsubscribe(id);
            return root.TryGetProperty("query", out var query) && query.ValueKind == JsonValueKind.Object
                ? new Subscribe(id, query)
                : new Invalid(id, "A subscribe message needs a query object: {\"measurement\":\"cpu\",\"field\":\"usage_user\",...}.");
        }

        async Task SubscribeAsync(Subscribe command, CancellationToken cancellationToken)
        {
            if (!_subscriptions.ContainsKey(command.Id) && _subscriptions.Count >= options.MaxSubscriptionsPerSocket)
            {
                await SendAsync(new LiveErrorMessage(command.Id, StatusCodes.Status400BadRequest,
                    $"This socket already holds {options.MaxSubscriptionsPerSocket} subscriptions, the most it may: unsubscribe one first, or open another socket."), cancellationToken);
                return;
            }

            LiveSubscription subscription;
            QueryResultAndView snapshot;
            try
            {
                var now = time.GetUtcNow();
                var live = LiveQuery.Read(command.Query, now, TimeSpan.FromHours(options.MaxWindowHours));
                subscription = new LiveSubscription(command.Id, live.Query, live.Window, live.Offset);
                var result = await store.QueryAsync(MonitoringQueries.Shifted(live.Query, live.Offset), cancellationToken);
                snapshot = new QueryResultAndView(result, MetricQueryView.Of(live.Query, result, live.Offset));
            }
            catch (LightningException ex)
            {
                await SendAsync(Error(command.Id, ex), cancellationToken);
                return;
            }

            var shiftNs = (subscription.Offset ?? TimeSpan.Zero).Ticks * 100;
            foreach (var series in snapshot.Result.Series) subscription.Remember(series, shiftNs);
            subscription.LastPush = time.GetUtcNow();
            _subscriptions[command.Id] = subscription;
            _watched = [.. _subscriptions.Values];
            await SendAsync(new LiveSnapshotMessage(command.Id, snapshot.View), cancellationToken);
        }

        async Task UnsubscribeAsync(string id, CancellationToken cancellationToken)
        {
            if (!_subscriptions.Remove(id))
            {
                await SendAsync(new LiveErrorMessage(id, StatusCodes.Status404NotFound, $"No subscription '{id}' on this socket."), cancellationToken);
                return;
            }

            _watched = [.. _subscriptions.Values];
        }

        /// <summary>Pushes every subscription that is due; returns when the next one will be (infinite when none waits).</summary>
        async Task<TimeSpan> RefreshDueAsync(CancellationToken cancellationToken)
        {
            Volatile.Write(ref _wakePending, 0);
            var next = Timeout.InfiniteTimeSpan;
            foreach (var subscription in _subscriptions.Values.ToList())
            {
                var now = time.GetUtcNow();
                var wait = subscription.LastPush + _pushInterval - now;
                if (wait > TimeSpan.Zero)
                {
                    // Too soon: keep it dirty (or ticking) and come back when its second is up.
                    if (subscription.FollowsClock || subscription.TakeDirty())
                    {
                        subscription.MarkDirty();
                        next = next == Timeout.InfiniteTimeSpan || wait < next ? wait : next;
                    }

                    continue;
                }

                if (!subscription.TakeDirty() && !subscription.FollowsClock) continue;
                subscription.LastPush = now;
                await PushAsync(subscription, now, cancellationToken);
                if (subscription.FollowsClock) next = next == Timeout.InfiniteTimeSpan || _pushInterval < next ? _pushInterval : next;
            }

            return next;
        }

        async Task PushAsync(LiveSubscription subscription, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var shift = subscription.Offset ?? TimeSpan.Zero;
            var shiftNs = shift.Ticks * 100;
            var windowStartNs = (now - subscription.Window - DateTimeOffset.UnixEpoch).Ticks * 100;
            var staleAfter = TimeSpan.FromTicks(Math.Max((subscription.Template.Every ?? TimeSpan.Zero).Ticks * 2, TimeSpan.FromSeconds(10).Ticks));
            var fromNs = subscription.ResumeFromNs(windowStartNs, staleAfter);
            // A comparison reads only up to its offset-ago "now"; a live read looks a little past now for clocks ahead of ours.
            var to = subscription.Offset is null ? now + FutureSkew : now;
            var query = subscription.Template with
            {
                From = DateTimeOffset.UnixEpoch.AddTicks(fromNs / 100) - shift,
                To = to - shift,
                Limit = Math.Min(subscription.Template.Limit ?? int.MaxValue, options.MaxPointsPerPush),
            };
            Lightning.Monitoring.Model.QueryResult result;
            try
            {
                result = await store.QueryAsync(query, cancellationToken);
            }
            catch (LightningException ex)
            {
                Log.LiveRefreshFailed(logger, ex, subscription.Id, query.Measurement);
                await SendAsync(Error(subscription.Id, ex), cancellationToken);
                return;
            }

            var changed = new List<MetricSeriesView>();
            foreach (var series in result.Series)
            {
                if (subscription.Unsent(series, shiftNs) is { } unsent) changed.Add(MetricSeriesView.Of(unsent, shift));
            }

            if (changed.Count > 0) await SendAsync(new LivePointsMessage(subscription.Id, changed), cancellationToken);
        }

        static LiveErrorMessage Error(string id, LightningException ex) => ex is ValidationFailedException validation
            ? new LiveErrorMessage(id, StatusCodes.Status400BadRequest, validation.Message, validation.Errors)
            : new LiveErrorMessage(id, LightningExceptionHandler.StatusOf(ex.Kind), ex.Message);

        async Task SendAsync<T>(T message, CancellationToken cancellationToken)
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(message, LightningJson.Options);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(options.SendTimeoutSeconds));
            try
            {
                await socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Log.LiveClientTooSlow(logger, options.SendTimeoutSeconds);
                socket.Abort();
                throw;
            }
        }
    }

    sealed record QueryResultAndView(Lightning.Monitoring.Model.QueryResult Result, MetricQueryView View);
}
