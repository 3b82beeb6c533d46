using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// The default bus: a durable in-process queue journaled in SQLite (WAL, <c>synchronous=FULL</c>). Every operation goes
/// to one writer loop that commits whatever is pending in a single transaction (group commit), so a publish returns once
/// it is on disk while many publishers share each fsync. Leases left by a process that died are redelivered at open.
/// </summary>
public sealed partial class EmbeddedMessageBus : IMessageBus
{
    /// <summary>The journal's name when the bus is given a directory.</summary>
    public const string DefaultFileName = "messages.db";

    /// <summary>How often an idle consumer looks again even without a wake-up (clock changes, missed signals).</summary>
    internal static readonly TimeSpan FallbackPoll = TimeSpan.FromMilliseconds(250);

    static readonly TimeSpan IdleSweep = TimeSpan.FromSeconds(1);
    static readonly TimeSpan PruneInterval = TimeSpan.FromSeconds(10);
    const int PruneBatch = 10_000;
    static readonly TimeSpan BusyPruneInterval = TimeSpan.FromMinutes(1);
    const int BusyPruneBatch = 1_000;
    internal const int MaxBatch = 2048;

    readonly BusOptions _options;
    readonly TimeProvider _time;
    readonly ILogger _logger;
    readonly Random _random;
    readonly EmbeddedJournal _journal;
    readonly Channel<WorkItem> _work = Channel.CreateUnbounded<WorkItem>(new UnboundedChannelOptions { SingleReader = true });
    readonly Task _writer;
    TaskCompletionSource _signal = NewSignal();
    long _commits;
    long _lastPrune;
    long _consumerIds;
    long _leaseTokens;
    int _disposed;

    public EmbeddedMessageBus(string path, BusOptions options, TimeProvider timeProvider, ILogger<EmbeddedMessageBus> logger)
        : this(path, options, timeProvider, (ILogger)logger, Random.Shared)
    {
    }

    internal EmbeddedMessageBus(string path, BusOptions options, TimeProvider timeProvider, ILogger logger, Random random)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(random);
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _random = random;
        FilePath = ResolveFile(path);
        _journal = new EmbeddedJournal(FilePath, logger);
        try
        {
            var recovered = _journal.RecoverLeases(Now(), _options.MaxDeliveries);
            if (recovered > 0)
            {
                EmbeddedLog.RecoveredLeases(_logger, recovered);
            }
        }
        catch
        {
            _journal.Dispose();
            throw;
        }

        EmbeddedLog.BusOpened(_logger, FilePath);
        _writer = Task.Run(RunWriterAsync);
    }

    /// <summary>The SQLite journal file.</summary>
    public string FilePath { get; }

    /// <summary>Transactions committed by the writer loop; far fewer than operations when group commit works.</summary>
    internal long CommitCount => Interlocked.Read(ref _commits);

    /// <summary>Completes when something may have become deliverable; a fresh task replaces it each time.</summary>
    internal Task Signal => Volatile.Read(ref _signal).Task;

    internal TimeProvider Time => _time;

    internal EmbeddedJournal Journal => _journal;

    internal ILogger Logger => _logger;

    public Task<PublishResult> PublishAsync(CollaborationMessage message, CancellationToken cancellationToken)
    {
        CollaborationMessageSerializer.Validate(message);
        var body = CollaborationMessageSerializer.Serialize(message);
        cancellationToken.ThrowIfCancellationRequested();
        var item = new PublishItem(message, body);
        Enqueue(item);
        // Once queued the publish goes ahead: a caller who cancels stops waiting, and the message may still be stored.
        return item.Task.WaitAsync(cancellationToken);
    }

    public async Task<IMessageConsumer> SubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        if (subscription.Prefetch < 1)
        {
            throw new ArgumentException("Prefetch must be at least 1.", nameof(subscription));
        }

        // Address checks the names; the queues are the agent's own and one per capability, competing with other subscribers.
        var queues = new List<string> { Address.Agent(subscription.Agent).ToString() };
        foreach (var capability in subscription.Capabilities ?? [])
        {
            var queue = Address.Capability(capability).ToString();
            if (!queues.Contains(queue, StringComparer.Ordinal))
            {
                queues.Add(queue);
            }
        }

        // The agent is known (for broadcasts) once this commits.
        await RunAsync((journal, context) =>
        {
            journal.Register(subscription.Agent, context.Now);
            return true;
        }, wakes: false, cancellationToken);
        return new EmbeddedConsumer(this, Interlocked.Increment(ref _consumerIds), subscription.Agent, queues, subscription.Prefetch);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var entries = await RunAsync((journal, _) => journal.DeadLetters(null, limit), wakes: false, cancellationToken);
        return entries.ConvertAll(ToDeadLetter);
    }

    public async Task<DeadLetter?> GetDeadLetterAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        var entries = await RunAsync((journal, _) => journal.DeadLetters(messageId, 1), wakes: false, cancellationToken);
        return entries.Count == 0 ? null : ToDeadLetter(entries[0]);
    }

    public async Task<bool> RedriveAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return await RunAsync((journal, context) => journal.Redrive(messageId, context.Now), wakes: true, cancellationToken) > 0;
    }

    public Task<int> PurgeDeadLettersAsync(string? messageId, CancellationToken cancellationToken) =>
        RunAsync((journal, _) => journal.Purge(messageId), wakes: false, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The writer drains what is already queued, then stops; callers still waiting get their results.
        _work.Writer.TryComplete();
        await _writer;
        _journal.Dispose();
        Pulse();
    }

    internal Task<LeaseResult> LeaseAsync(EmbeddedConsumer consumer, int count)
    {
        var item = new LeaseItem(consumer, () => Interlocked.Increment(ref _leaseTokens), count);
        Enqueue(item);
        return item.Task;
    }

    /// <summary>Puts leased entries that were never handed out back to ready, as if never delivered.</summary>
    internal Task<int> UnleaseAsync(IReadOnlyList<LeasedEntry> entries) =>
        RunAsync((journal, _) => entries.Sum(entry => journal.Unlease(entry.Id, entry.Token)), wakes: true, CancellationToken.None);

    internal Task<bool> SettleAsync(long entryId, long token, Settlement settlement, string? reason)
    {
        var item = new SettleItem(entryId, token, settlement, reason);
        Enqueue(item);
        return item.Task;
    }

    internal Task<int> ReleaseAsync(long consumerId) =>
        RunAsync((journal, context) => journal.ReleaseConsumer(consumerId, context.Now, context.Options.MaxDeliveries), wakes: true, CancellationToken.None);

    /// <summary>Row counts by state (ready, leased, dead) and stored message ids, for tests.</summary>
    internal Task<(long Ready, long Leased, long Dead, long Messages)> CountsAsync(CancellationToken cancellationToken) =>
        RunAsync((journal, _) => journal.Counts(), wakes: false, cancellationToken);

    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    Task<T> RunAsync<T>(Func<EmbeddedJournal, WorkContext, T> work, bool wakes, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new JournalItem<T>(work, wakes);
        Enqueue(item);
        return item.Task.WaitAsync(cancellationToken);
    }

    void Enqueue(WorkItem item)
    {
        ObjectDisposedException.ThrowIf(!_work.Writer.TryWrite(item), this);
    }

    void Pulse() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    long Now() => _time.GetUtcNow().UtcTicks;

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    static DeadLetter ToDeadLetter(DeadEntry entry)
    {
        var message = CollaborationMessageSerializer.Deserialize(entry.Body) with { Attempt = entry.Deliveries };
        return new DeadLetter(message, entry.Reason, ReadHistory(entry.History), new DateTimeOffset(entry.DeadAt, TimeSpan.Zero));
    }

    internal static IReadOnlyList<DeliveryAttempt> ReadHistory(string json) =>
        JsonSerializer.Deserialize<List<DeliveryAttempt>>(json, CollaborationMessageSerializer.Options) ?? [];

    static string ResolveFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            Directory.CreateDirectory(full);
            return Path.Combine(full, DefaultFileName);
        }

        var directory = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        return full;
    }
}
