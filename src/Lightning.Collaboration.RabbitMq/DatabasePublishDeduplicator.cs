using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Collaboration.RabbitMq;

/// <summary>
/// An <see cref="IPublishDeduplicator"/> on a database table shared by every publishing process, so that a duplicate id is
/// dropped across processes and restarts within the deduplication window. One row per key:
/// <list type="bullet">
/// <item>Claim: inserts the key as <em>pending</em> with a random token, in one statement. A key already there is a
/// duplicate when it is <em>published</em>; when it is pending (another publisher is sending it right now) the claim waits
/// until that one is confirmed (→ duplicate), released (→ claimed) or older than <see cref="ClaimTimeout"/> (its publisher
/// died: the claim is taken over). A duplicate is therefore only reported for an id the broker confirmed: a crash between
/// claim and publish never drops the retry.</item>
/// <item>Confirm: marks the key published once the broker confirmed. A crash after the broker's confirm but before this
/// leaves a pending claim that a retry takes over: that message is delivered twice (at least once, never lost).</item>
/// <item>Release: deletes the pending claim, only if it is still this publisher's (its token).</item>
/// <item>Expiry: a claim older than <see cref="Window"/> counts as absent and is deleted in batches of
/// <see cref="PurgeBatchSize"/>, at most once per <see cref="PurgeInterval"/>, in the background.</item>
/// </list>
/// </summary>
public abstract class DatabasePublishDeduplicator : IPublishDeduplicator, IAsyncDisposable
{
    /// <summary>How long a pending claim protects its publisher; publisher confirms take milliseconds unless the broker is stuck.</summary>
    public static TimeSpan DefaultClaimTimeout { get; } = TimeSpan.FromSeconds(30);

    public const int PurgeBatchSize = 1_000;

    public static TimeSpan PurgeInterval { get; } = TimeSpan.FromMinutes(1);

    static readonly TimeSpan MaxPoll = TimeSpan.FromMilliseconds(250);

    // Key → the token of this process's pending claim, so that a release never deletes a claim another publisher took over.
    readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly CancellationTokenSource _disposing = new();
    long _nextPurge;
    int _purging;
    Task _purge = Task.CompletedTask;

    protected DatabasePublishDeduplicator(TimeSpan window, TimeSpan claimTimeout, TimeProvider timeProvider, ILogger? logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(claimTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Window = window;
        ClaimTimeout = claimTimeout;
        _time = timeProvider;
        _logger = logger ?? NullLogger.Instance;
        _nextPurge = timeProvider.GetTimestamp();
    }

    /// <summary>How long a published key stays a duplicate (<see cref="Lightning.Collaboration.Messaging.BusOptions.DeduplicationWindow"/>).</summary>
    public TimeSpan Window { get; }

    /// <summary>After this, a pending claim is taken to belong to a dead publisher and may be taken over.</summary>
    public TimeSpan ClaimTimeout { get; }

    protected TimeProvider Time => _time;

    protected enum ClaimState
    {
        /// <summary>The key is now this caller's pending claim.</summary>
        Claimed,

        /// <summary>The key was published within the window: a duplicate.</summary>
        Published,

        /// <summary>Another publisher holds a fresh pending claim.</summary>
        Pending,
    }

    public async ValueTask<bool> TryClaimAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var token = NewToken();
        var poll = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            switch (await ClaimOnceAsync(key, token, cancellationToken))
            {
                case ClaimState.Claimed:
                    _pending[key] = token;
                    SchedulePurge();
                    return true;
                case ClaimState.Published:
                    return false;
                default:
                    // Someone else is publishing this id: its outcome decides ours, and a dead one goes stale within ClaimTimeout.
                    await Task.Delay(poll, _time, cancellationToken);
                    poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, Math.Min(MaxPoll.Ticks, ClaimTimeout.Ticks)));
                    break;
            }
        }
    }

    public async ValueTask ConfirmAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        _pending.TryRemove(key, out _);
        // Unconditional: the broker has this id now, whoever holds the claim (a publisher that took it over is a duplicate).
        await ConfirmCoreAsync(key, cancellationToken);
    }

    public async ValueTask ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_pending.TryRemove(key, out var token))
        {
            await ReleaseCoreAsync(key, token, cancellationToken);
        }
    }

    /// <summary>Deletes every claim older than the window, <see cref="PurgeBatchSize"/> rows per statement; returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var deleted = await DeleteExpiredAsync(PurgeBatchSize, cancellationToken);
            total += deleted;
            if (deleted < PurgeBatchSize)
            {
                return total;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposing.IsCancellationRequested)
        {
            return;
        }

        await _disposing.CancelAsync();
        await _purge.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DisposeCoreAsync();
        _disposing.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>One statement: insert the pending claim, or take over a stale or expired one, and say which state the key is in.</summary>
    protected abstract Task<ClaimState> ClaimOnceAsync(string key, long token, CancellationToken cancellationToken);

    protected abstract Task ConfirmCoreAsync(string key, CancellationToken cancellationToken);

    protected abstract Task ReleaseCoreAsync(string key, long token, CancellationToken cancellationToken);

    /// <summary>Deletes at most <paramref name="limit"/> claims older than the window; returns how many.</summary>
    protected abstract Task<int> DeleteExpiredAsync(int limit, CancellationToken cancellationToken);

    protected abstract ValueTask DisposeCoreAsync();

    static long NewToken()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToInt64(bytes);
    }

    /// <summary>Starts a background purge when one is due: publishes never wait for it.</summary>
    void SchedulePurge()
    {
        var now = _time.GetTimestamp();
        if (now < Interlocked.Read(ref _nextPurge) || Interlocked.CompareExchange(ref _purging, 1, 0) != 0)
        {
            return;
        }

        Interlocked.Exchange(ref _nextPurge, now + (long)(PurgeInterval.TotalSeconds * _time.TimestampFrequency));
        _purge = Task.Run(async () =>
        {
            try
            {
                var deleted = await PurgeExpiredAsync(_disposing.Token);
                if (deleted > 0)
                {
                    Log.ClaimsPurged(_logger, deleted);
                }
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.PurgeClaimsFailed(_logger, ex);
            }
            finally
            {
                Volatile.Write(ref _purging, 0);
            }
        });
    }
}
