using System.Buffers;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

public sealed partial class EmbeddedMetricStore
{
    // Written by the writer loop only; queries read the two volatile ones.
    long _watermark;
    long _recentMinTime = long.MaxValue;
    /// <summary>The numeric rows of the group being committed, for <see cref="_recentRows"/> once the commit succeeded.</summary>
    readonly List<(int Sid, long Time, double Value)> _committing = [];
    volatile bool _recentHasOverlaps;
    long[] _lastTimes = [];
    /// <summary>
    /// The committed catalog entries of a series key, by the key object: parsers keep their series keys from one request
    /// to the next, so a repeated series finds its entries without a locked catalog lookup per field and batch. Weak keys:
    /// an entry goes when its key does. Cleared when the catalog is reloaded.
    /// </summary>
    readonly ConditionalWeakTable<SeriesKey, List<(string Field, CatalogEntry Entry)>> _committedFields = new();

    abstract class WorkItem
    {
        public abstract void Fail(Exception exception);
    }

    sealed class WriteWork(PointBatch batch) : WorkItem
    {
        public PointBatch Batch { get; } = batch;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Fail(Exception exception) => Done.TrySetException(exception);
    }

    sealed class MaintenanceWork(Func<object?> action) : WorkItem
    {
        public Func<object?> Action { get; } = action;
        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public override void Fail(Exception exception) => Done.TrySetException(exception);
    }

    /// <summary>Returns once every row of the batch is committed (durable in DuckDB's WAL), or throws and writes nothing.</summary>
    public async ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ThrowIfDisposed();
        if (batch.Count == 0) return;
        var work = new WriteWork(batch);
        ObjectDisposedException.ThrowIf(!_work.Writer.TryWrite(work), this);
        await work.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Runs an action on the writer connection between commits, so maintenance never races a write.</summary>
    async Task<T> OnWriterAsync<T>(Func<T> action, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var work = new MaintenanceWork(() => action());
        ObjectDisposedException.ThrowIf(!_work.Writer.TryWrite(work), this);
        return (T)(await work.Done.Task.WaitAsync(cancellationToken))!;
    }

    async Task WriterLoopAsync()
    {
        var group = new List<WriteWork>();
        var reader = _work.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                if (item is WriteWork write)
                {
                    group.Add(write);
                    if (group.Count < _options.MaxBatchesPerCommit) continue;
                    CommitGroup(group);
                    continue;
                }
                CommitGroup(group);
                var maintenance = (MaintenanceWork)item;
                try
                {
                    maintenance.Done.TrySetResult(maintenance.Action());
                }
                catch (Exception ex)
                {
                    maintenance.Done.TrySetException(ex);
                }
            }
            CommitGroup(group);
        }
    }

    /// <summary>Resolves and checks each batch (a bad batch fails alone), then commits the good ones in one transaction.</summary>
    void CommitGroup(List<WriteWork> group)
    {
        if (group.Count == 0) return;
        var staged = new Dictionary<(string Series, string Field), CatalogEntry>();
        var newSeries = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var accepted = new List<(WriteWork Work, CatalogEntry[] Rows)>(group.Count);
        var nextId = _catalog.NextId;
        foreach (var work in group)
        {
            try
            {
                accepted.Add((work, Resolve(work.Batch, staged, newSeries, ref nextId)));
            }
            catch (LightningException ex)
            {
                work.Fail(ex);
            }
        }
        group.Clear();
        if (accepted.Count == 0) return;
        try
        {
            CommitAccepted(accepted, staged);
        }
        finally
        {
            foreach (var (_, entries) in accepted) ArrayPool<CatalogEntry>.Shared.Return(entries, clearArray: true);
        }
    }

    /// <summary>Appends the accepted batches (rows resolved to catalog entries) and commits them in one transaction.</summary>
    void CommitAccepted(List<(WriteWork Work, CatalogEntry[] Rows)> accepted, Dictionary<(string Series, string Field), CatalogEntry> staged)
    {

        long rows = 0;
        _committing.Clear();
        try
        {
            Execute(_writer, "BEGIN TRANSACTION");
            if (staged.Count > 0)
            {
                using var seriesAppender = _writer.CreateAppender("series");
                foreach (var entry in staged.Values.OrderBy(e => e.Id))
                {
                    seriesAppender.CreateRow().AppendValue(entry.Id).AppendValue(entry.Series.Measurement).AppendValue(entry.Series.Canonical)
                        .AppendValue(entry.Field).AppendValue((sbyte)entry.Kind).EndRow();
                }
            }
            DuckDBAppender? strings = null;
            try
            {
                using var appender = RecentAppender.Open(_writer);
                foreach (var (work, entries) in accepted)
                {
                    rows += AppendRows(appender, ref strings, work.Batch, entries);
                }
                appender.Close();
            }
            finally
            {
                strings?.Dispose();
            }
            Execute(_writer, "COMMIT");
        }
        catch (Exception ex) when (ex is DuckDBException or IOException or AppendFailedException)
        {
            try
            {
                Execute(_writer, "ROLLBACK");
            }
            catch (DuckDBException)
            {
                // The transaction is already gone (DuckDB aborts it on a failed commit).
            }
            Log.CommitFailed(_logger, accepted.Count, rows, ex);
            var failure = new LightningException(ErrorKind.Unavailable, "metrics.write_failed",
                $"The metric store could not commit the write ({ex.Message.Split('\n')[0]}); nothing of the batch was written.", ex);
            foreach (var (work, _) in accepted) work.Fail(failure);
            return;
        }
        foreach (var entry in staged.Values.OrderBy(e => e.Id)) _catalog.Add(entry);
        _recentRows.Add(_committing);
        _committing.Clear();
        foreach (var (work, _) in accepted) work.Done.TrySetResult();
    }

    CatalogEntry[] Resolve(PointBatch batch, Dictionary<(string, string), CatalogEntry> staged, Dictionary<string, HashSet<string>> newSeries, ref int nextId)
    {
        // Entries this batch adds stay local until the whole batch is known to be good.
        var local = new Dictionary<(string, string), CatalogEntry>();
        var localSeries = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        // Per series of the batch, its committed fields: a short list compared by reference first, cheaper than hashing per row.
        var cache = new List<(string Field, CatalogEntry Entry)>?[batch.Series.Count];
        // Pooled: a batch of 20,000 rows would make this a large-object-heap array per request (returned by CommitGroup).
        var entries = ArrayPool<CatalogEntry>.Shared.Rent(batch.Count);
        try
        {
            ResolveRows(batch, staged, newSeries, ref nextId, local, localSeries, cache, entries);
        }
        catch
        {
            ArrayPool<CatalogEntry>.Shared.Return(entries, clearArray: true);
            throw;
        }
        return entries;
    }

    void ResolveRows(PointBatch batch, Dictionary<(string, string), CatalogEntry> staged, Dictionary<string, HashSet<string>> newSeries, ref int nextId,
        Dictionary<(string, string), CatalogEntry> local, Dictionary<string, HashSet<string>> localSeries,
        List<(string Field, CatalogEntry Entry)>?[] cache, CatalogEntry[] entries)
    {
        var id = nextId;
        for (var row = 0; row < batch.Count; row++)
        {
            var seriesIndex = batch.SeriesIndexAt(row);
            var field = batch.FieldAt(row);
            var kind = batch.ValueAt(row).Kind;
            var known = cache[seriesIndex] ??= _committedFields.GetValue(batch.Series[seriesIndex], static _ => []);
            CatalogEntry? entry = null;
            foreach (var (cachedField, cachedEntry) in known)
            {
                if (ReferenceEquals(cachedField, field) || string.Equals(cachedField, field, StringComparison.Ordinal))
                {
                    entry = cachedEntry;
                    break;
                }
            }
            if (entry is null)
            {
                var series = batch.Series[seriesIndex];
                var key = (series.Canonical, field);
                if (_catalog.TryGet(series.Canonical, field, out entry!))
                {
                    // Committed: remembered for this series key from now on (entries of this group could still fail).
                    known.Add((field, entry));
                }
                else if (!staged.TryGetValue(key, out entry!) && !local.TryGetValue(key, out entry!))
                {
                    entry = new CatalogEntry(id++, series, field, kind);
                    local.Add(key, entry);
                    if (!_catalog.HasSeries(series.Measurement, series.Canonical)
                        && !(newSeries.TryGetValue(series.Measurement, out var groupNew) && groupNew.Contains(series.Canonical)))
                    {
                        if (!localSeries.TryGetValue(series.Measurement, out var mine)) localSeries[series.Measurement] = mine = new(StringComparer.Ordinal);
                        mine.Add(series.Canonical);
                    }
                }
            }
            if (entry.Kind != kind)
                throw new ValidationFailedException(
                    $"Field '{field}' of series '{entry.Series.Canonical}' is {entry.Kind.ToString().ToLowerInvariant()}, but row {row + 1} of the batch writes a {kind.ToString().ToLowerInvariant()}; nothing of the batch was written.");
            entries[row] = entry;
        }
        foreach (var (measurement, added) in localSeries)
        {
            var limit = _options.SeriesLimitFor(measurement);
            var existing = _catalog.SeriesCount(measurement) + (newSeries.TryGetValue(measurement, out var groupNew) ? groupNew.Count : 0);
            if (existing + added.Count > limit)
                throw new ValidationFailedException(
                    $"The batch would take measurement '{measurement}' to {existing + added.Count} series, over its limit of {limit}; nothing of the batch was written. " +
                    $"Drop high-cardinality tags or raise Lightning:Monitoring:Storage:Embedded:MaxSeriesByMeasurement:{measurement}.");
        }
        foreach (var (key, entry) in local) staged.Add(key, entry);
        foreach (var (measurement, added) in localSeries)
        {
            if (!newSeries.TryGetValue(measurement, out var set)) newSeries[measurement] = set = new(StringComparer.Ordinal);
            set.UnionWith(added);
        }
        nextId = id;
    }

    long AppendRows(RecentAppender appender, ref DuckDBAppender? strings, PointBatch batch, CatalogEntry[] entries)
    {
        var watermark = _watermark;
        var minTime = long.MaxValue;
        var overlaps = false;
        for (var row = 0; row < batch.Count; row++)
        {
            var entry = entries[row];
            var time = batch.TimestampAt(row);
            var value = batch.ValueAt(row);
            if (value.Kind == FieldKind.String)
            {
                strings ??= _writer.CreateAppender("strings");
                strings.CreateRow().AppendValue(entry.Id).AppendValue(time).AppendValue(value.AsString()).EndRow();
                continue;
            }
            if (entry.IsInteger)
            {
                var integer = value.AsInteger();
                appender.AppendInteger(entry.Id, time, integer);
                _committing.Add((entry.Id, time, integer));
            }
            else
            {
                var number = value.AsDouble();
                appender.AppendFloat(entry.Id, time, number);
                _committing.Add((entry.Id, time, number));
            }

            // Track what lets queries and compaction skip de-duplication: a point at or before its series' latest,
            // or older than the compacted watermark, may replace one already stored (last write wins).
            EnsureLastTimes(entry.Id);
            if (time <= _lastTimes[entry.Id] || time < watermark) overlaps = true;
            else _lastTimes[entry.Id] = time;
            if (time < minTime) minTime = time;
        }
        if (overlaps) _recentHasOverlaps = true;
        if (minTime < Volatile.Read(ref _recentMinTime)) Volatile.Write(ref _recentMinTime, minTime);
        return batch.Count;
    }
}
