using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Messaging.Embedded;

public sealed partial class EmbeddedMessageBus
{
    /// <summary>
    /// The only code that touches the journal. It runs what is pending (up to <see cref="MaxBatch"/>) in one transaction,
    /// commits once, and completes every caller only after the commit is on disk. The fsync runs on a pool thread while
    /// the next batch already executes in a new transaction; that batch commits when the fsync returns, so there is one
    /// commit per fsync and none waits for the disk with the writer idle. When idle, it still sweeps expired leases and
    /// reply-bys.
    /// </summary>
    async Task RunWriterAsync()
    {
        var reader = _work.Reader;
        var open = new OpenBatch();
        Flushing? flushing = null;
        try
        {
            while (true)
            {
                if (flushing is { Task.IsCompleted: true })
                {
                    Finish(flushing);
                    flushing = null;
                }

                if (flushing is null && open.Items.Count > 0)
                {
                    flushing = CommitOpen(open);
                    open = new OpenBatch();
                    continue;
                }

                if (open.Items.Count < MaxBatch && reader.TryPeek(out _))
                {
                    if (!ExecuteMore(open, reader))
                    {
                        // An operation failed and the transaction rolled back: run each of them alone.
                        flushing = await ExecuteAloneAsync(open.Items, flushing);
                        open = new OpenBatch();
                    }

                    continue;
                }

                if (flushing is not null)
                {
                    // The disk is busy with the last commit: take more work into the open batch meanwhile, or wait for it.
                    var more = open.Items.Count < MaxBatch ? reader.WaitToReadAsync() : new ValueTask<bool>(false);
                    if (more.IsCompleted)
                    {
                        if (!more.Result)
                        {
                            // No more work can come in (or the batch is full): only the flush is left to wait for.
                            await Task.WhenAny(flushing.Task);
                        }
                    }
                    else
                    {
                        await Task.WhenAny(flushing.Task, more.AsTask());
                    }

                    continue;
                }

                bool any;
                using (var idle = new CancellationTokenSource(IdleSweep))
                {
                    try
                    {
                        any = await reader.WaitToReadAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (idle.IsCancellationRequested)
                    {
                        SweepWhenIdle();
                        continue;
                    }
                }

                if (!any)
                {
                    return;
                }
            }
        }
        catch (Exception ex)
        {
            EmbeddedLog.WriterStopped(_logger, ex);
            _work.Writer.TryComplete(ex);
            _journal.Rollback();
            if (flushing is not null)
            {
                await Task.WhenAny(flushing.Task);
                Finish(flushing);
            }

            foreach (var item in open.Items)
            {
                item.Fail(ex);
            }

            while (reader.TryRead(out var item))
            {
                item.Fail(new ObjectDisposedException(nameof(EmbeddedMessageBus), ex));
            }
        }
    }

    /// <summary>Operations executed in the transaction not yet committed.</summary>
    sealed class OpenBatch
    {
        public List<WorkItem> Items { get; } = new(64);

        public bool Wakes { get; set; }
    }

    /// <summary>A committed batch whose flush to disk is running; its callers complete when it has.</summary>
    sealed record Flushing(List<WorkItem> Items, Task Task, bool Durable);

    /// <summary>Executes pending operations in the open transaction (beginning it if needed); false when one failed.</summary>
    bool ExecuteMore(OpenBatch open, System.Threading.Channels.ChannelReader<WorkItem> reader)
    {
        var context = new WorkContext(Now(), _options, _random);
        if (open.Items.Count == 0)
        {
            try
            {
                _journal.Begin();
                // Every transaction sees the queues as of now: expired leases back, messages past reply-by out. Both are
                // index lookups that usually match nothing, cheap next to the commit's fsync.
                open.Wakes = _journal.Sweep(context.Now, _options.MaxDeliveries) > 0;
                if (context.Now - _lastPrune >= BusyPruneInterval.Ticks)
                {
                    // A bus that is never idle still forgets old ids: a small batch once a minute.
                    PruneSettled(context.Now, BusyPruneBatch);
                }
            }
            catch (Exception ex)
            {
                // No transaction (a journal that failed refuses every one): what is waiting fails with the reason.
                _journal.Rollback();
                for (var failed = 0; failed < MaxBatch && reader.TryRead(out var item); failed++)
                {
                    item.Fail(ex);
                }

                return true;
            }
        }

        try
        {
            while (open.Items.Count < MaxBatch && reader.TryRead(out var item))
            {
                open.Items.Add(item);
                item.Execute(_journal, context);
                open.Wakes |= item.Wakes;
            }

            return true;
        }
        catch (Exception ex)
        {
            _journal.Rollback();
            if (open.Items.Count > 1)
            {
                // One bad operation must not fail its neighbours.
                EmbeddedLog.BatchRetried(_logger, open.Items.Count, ex);
                return false;
            }

            open.Items[0].Fail(ex);
            open.Items.Clear();
            return true;
        }
    }

    /// <summary>Commits the open batch and starts its flush; a batch that needs none completes at once.</summary>
    Flushing? CommitOpen(OpenBatch open)
    {
        var durable = open.Items.Exists(item => item.NeedsSync);
        Task flush;
        try
        {
            flush = _journal.Commit(durable);
        }
        catch (Exception ex)
        {
            _journal.Rollback();
            foreach (var item in open.Items)
            {
                item.Fail(ex);
            }

            return null;
        }

        Interlocked.Increment(ref _commits);
        if (open.Wakes)
        {
            // Committed rows are visible to the next batch; a lease that sees them completes only after this flush.
            Pulse();
        }

        var flushing = new Flushing(open.Items, flush, durable);
        if (!flush.IsCompleted)
        {
            return flushing;
        }

        Finish(flushing);
        return null;
    }

    /// <summary>Completes the callers of a flushed batch, or fails them (and the journal) when the flush failed.</summary>
    void Finish(Flushing flushing)
    {
        if (flushing.Task.Exception is { } failure)
        {
            var ex = failure.InnerExceptions.Count == 1 ? failure.InnerExceptions[0] : failure;
            _journal.FlushFailed(ex);
            foreach (var item in flushing.Items)
            {
                item.Fail(ex);
            }

            return;
        }

        if (flushing.Durable)
        {
            _journal.Flushed();
        }

        foreach (var item in flushing.Items)
        {
            item.Complete();
        }
    }

    /// <summary>Runs each operation in its own transaction, after the flush in progress, each flushed before the next.</summary>
    async Task<Flushing?> ExecuteAloneAsync(List<WorkItem> items, Flushing? flushing)
    {
        if (flushing is not null)
        {
            await Task.WhenAny(flushing.Task);
            Finish(flushing);
        }

        foreach (var item in items)
        {
            var open = new OpenBatch();
            var context = new WorkContext(Now(), _options, _random);
            try
            {
                _journal.Begin();
                open.Wakes = _journal.Sweep(context.Now, _options.MaxDeliveries) > 0;
                item.Execute(_journal, context);
                open.Wakes |= item.Wakes;
                open.Items.Add(item);
            }
            catch (Exception ex)
            {
                _journal.Rollback();
                item.Fail(ex);
                continue;
            }

            if (CommitOpen(open) is { } alone)
            {
                await Task.WhenAny(alone.Task);
                Finish(alone);
            }
        }

        return null;
    }

    void SweepWhenIdle()
    {
        try
        {
            var now = Now();
            _journal.Begin();
            var changed = _journal.Sweep(now, _options.MaxDeliveries);
            if (now - _lastPrune >= PruneInterval.Ticks)
            {
                PruneSettled(now, PruneBatch);
            }

            // Nothing here needs the disk at once: a swept lease lost to a power cut is swept again.
            _journal.Commit(durable: false).GetAwaiter().GetResult();
            if (changed > 0)
            {
                Interlocked.Increment(ref _commits);
                Pulse();
            }
        }
        catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException)
        {
            _journal.Rollback();
            EmbeddedLog.SweepSkipped(_logger, ex);
        }
    }

    /// <summary>Forgets settled ids older than the deduplication window, in a bounded batch (mostly when idle, so it never delays a publish).</summary>
    void PruneSettled(long now, int limit)
    {
        _lastPrune = now;
        _journal.PruneSettled(now - _options.DeduplicationWindow.Ticks, limit);
    }
}
