using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Messaging.Embedded;

public sealed partial class EmbeddedMessageBus
{
    /// <summary>
    /// The only code that touches the journal. Takes everything pending (up to <see cref="MaxBatch"/>), runs it in one
    /// transaction, commits once, then completes every caller; when idle, it still sweeps expired leases and reply-bys.
    /// </summary>
    async Task RunWriterAsync()
    {
        var reader = _work.Reader;
        var batch = new List<WorkItem>(64);
        try
        {
            while (true)
            {
                if (!reader.TryPeek(out _))
                {
                    bool more;
                    using (var idle = new CancellationTokenSource(IdleSweep))
                    {
                        try
                        {
                            more = await reader.WaitToReadAsync(idle.Token);
                        }
                        catch (OperationCanceledException) when (idle.IsCancellationRequested)
                        {
                            SweepWhenIdle();
                            continue;
                        }
                    }

                    if (!more)
                    {
                        return;
                    }
                }

                while (batch.Count < MaxBatch && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                ExecuteBatch(batch);
                batch.Clear();
            }
        }
        catch (Exception ex)
        {
            EmbeddedLog.WriterStopped(_logger, ex);
            _work.Writer.TryComplete(ex);
            foreach (var item in batch)
            {
                item.Fail(ex);
            }

            while (reader.TryRead(out var item))
            {
                item.Fail(new ObjectDisposedException(nameof(EmbeddedMessageBus), ex));
            }
        }
    }

    void ExecuteBatch(List<WorkItem> batch)
    {
        var context = new WorkContext(Now(), _options, _random);
        var wakes = false;
        try
        {
            _journal.Begin(sync: batch.Exists(item => item.NeedsSync));
            // Every batch sees the queues as of now: expired leases back, messages past reply-by out. Both are index
            // lookups that usually match nothing, cheap next to the commit's fsync.
            wakes = _journal.Sweep(context.Now, _options.MaxDeliveries) > 0;
            if (context.Now - _lastPrune >= BusyPruneInterval.Ticks)
            {
                // A bus that is never idle still forgets old ids: a small batch once a minute.
                PruneSettled(context.Now, BusyPruneBatch);
            }

            foreach (var item in batch)
            {
                item.Execute(_journal, context);
                wakes |= item.Wakes;
            }

            _journal.Commit();
            Interlocked.Increment(ref _commits);
            foreach (var item in batch)
            {
                item.Complete();
            }
        }
        catch (Exception ex) when (batch.Count > 1)
        {
            // One bad operation must not fail its neighbours: run each alone.
            _journal.Rollback();
            EmbeddedLog.BatchRetried(_logger, batch.Count, ex);
            wakes = false;
            foreach (var item in batch)
            {
                wakes |= ExecuteAlone(item, context);
            }
        }
        catch (Exception ex)
        {
            _journal.Rollback();
            batch[0].Fail(ex);
        }

        if (wakes)
        {
            Pulse();
        }
    }

    bool ExecuteAlone(WorkItem item, WorkContext context)
    {
        try
        {
            _journal.Begin(item.NeedsSync);
            var wakes = _journal.Sweep(context.Now, _options.MaxDeliveries) > 0;
            item.Execute(_journal, context);
            _journal.Commit();
            Interlocked.Increment(ref _commits);
            item.Complete();
            return wakes || item.Wakes;
        }
        catch (Exception ex)
        {
            _journal.Rollback();
            item.Fail(ex);
            return false;
        }
    }

    void SweepWhenIdle()
    {
        try
        {
            var now = Now();
            _journal.Begin(sync: false);
            var changed = _journal.Sweep(now, _options.MaxDeliveries);
            if (now - _lastPrune >= PruneInterval.Ticks)
            {
                PruneSettled(now, PruneBatch);
            }

            _journal.Commit();
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
