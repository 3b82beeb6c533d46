namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// One caller's request to the writer loop. <see cref="Execute"/> runs inside the batch transaction and keeps its result;
/// <see cref="Complete"/> hands the result over only after the commit, so nothing is reported that is not durable.
/// </summary>
internal abstract class WorkItem
{
    /// <summary>True when the work may have made something deliverable, so waiting consumers should look again.</summary>
    public bool Wakes { get; protected set; }

    /// <summary>
    /// False for work whose loss in a power cut is harmless (a lease: its delivery would just be counted again), so a
    /// batch of only such work skips the fsync. A process crash loses nothing either way: the commit is in the OS already.
    /// </summary>
    public virtual bool NeedsSync => true;

    public abstract void Execute(EmbeddedJournal journal, WorkContext context);

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}

internal sealed record WorkContext(long Now, BusOptions Options, Random Random);

internal abstract class WorkItem<T> : WorkItem
{
    readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    T _result = default!;

    public Task<T> Task => _completion.Task;

    protected void SetResult(T result) => _result = result;

    public override void Complete() => _completion.TrySetResult(_result);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}

internal sealed class PublishItem(CollaborationMessage message, byte[] body) : WorkItem<PublishResult>
{
    public override void Execute(EmbeddedJournal journal, WorkContext context)
    {
        var accepted = journal.Publish(message, body, context.Now);
        Wakes = accepted;
        SetResult(new PublishResult(message.Id, accepted ? PublishOutcome.Accepted : PublishOutcome.Duplicate));
    }
}

/// <summary>Leases up to <paramref name="count"/> entries in one turn of the writer, best first, under one token.</summary>
internal sealed class LeaseItem(EmbeddedConsumer consumer, Func<long> nextToken, int count) : WorkItem<LeaseResult>
{
    public override bool NeedsSync => false;

    public override void Execute(EmbeddedJournal journal, WorkContext context)
    {
        var until = context.Now + context.Options.LeaseTimeout.Ticks;
        var entries = journal.Lease(consumer.Queues, consumer.Agent, consumer.Id, nextToken(), context.Now, until, count);
        SetResult(new LeaseResult(entries, entries.Count == 0 ? journal.NextWake(consumer.Queues) : null));
    }
}

internal sealed record LeaseResult(IReadOnlyList<LeasedEntry> Entries, long? WakeAt);

internal enum Settlement
{
    Ack,
    Nack,
    Reject,
}

internal sealed class SettleItem(long entryId, long token, Settlement settlement, string? reason) : WorkItem<bool>
{
    public override void Execute(EmbeddedJournal journal, WorkContext context)
    {
        var settled = settlement switch
        {
            Settlement.Ack => journal.Ack(entryId, token),
            Settlement.Nack => journal.Nack(entryId, token, reason ?? string.Empty, context.Now, context.Options.MaxDeliveries,
                attempt => context.Options.RetryDelay(attempt, context.Random.NextDouble())),
            _ => journal.Reject(entryId, token, reason ?? string.Empty, context.Now),
        };
        Wakes = settled && settlement == Settlement.Nack;
        SetResult(settled);
    }
}

/// <summary>Any other journal operation (subscribe, dead letters); <paramref name="wakes"/> when it can make messages ready.</summary>
internal sealed class JournalItem<T>(Func<EmbeddedJournal, WorkContext, T> work, bool wakes) : WorkItem<T>
{
    public override void Execute(EmbeddedJournal journal, WorkContext context)
    {
        Wakes = wakes;
        SetResult(work(journal, context));
    }
}
