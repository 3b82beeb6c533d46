using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DuckDB.NET.Data;
using Lightning.Core.Errors;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Storage.Embedded;

public sealed partial class EmbeddedMetricStore
{
    sealed record QueryGroup(string Key, IReadOnlyDictionary<string, string> Tags, List<CatalogEntry> Entries);

    public async Task<QueryResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ThrowIfDisposed();
        Validate(query);
        var groups = Plan(query);
        if (groups.Count == 0) return QueryResult.Empty;

        var from = Timestamps.ToNanoseconds(query.From);
        var to = Timestamps.ToNanoseconds(query.To);
        // A raw read whose chunks are all cached needs neither a connection nor a statement.
        if (query.Aggregate is null && TryReadCachedPoints(SidIds(groups), [(from, to)], RawPointBound(query), cancellationToken) is { } cached)
            return RawResult(query, groups, cached);
        var connection = await RentReaderAsync(cancellationToken);
        try
        {
            return query.Aggregate is null
                ? RawQuery(connection, query, groups, from, to, cancellationToken)
                : AggregateQuery(connection, query, groups, from, to, cancellationToken);
        }
        catch (DuckDBException ex)
        {
            throw new LightningException(ErrorKind.Unavailable, "metrics.query_failed", $"The metric store could not answer the query: {ex.Message.Split('\n')[0]}", ex);
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    static void Validate(MetricQuery query)
    {
        var validator = new Validator();
        validator.Require(!string.IsNullOrEmpty(query.Measurement), nameof(query.Measurement), "A query needs a measurement.");
        validator.Require(!string.IsNullOrEmpty(query.Field), nameof(query.Field), "A query needs a field.");
        validator.Require(query.From < query.To, nameof(query.To), $"The range is empty: From ({query.From:O}) must be before To ({query.To:O}).");
        validator.Require(query.Every is null || query.Every > TimeSpan.Zero, nameof(query.Every), "Every must be positive.");
        validator.Require(query.Every is null || query.Aggregate is not null, nameof(query.Every), "Every needs an aggregate (buckets of raw points are not defined).");
        validator.Require(query.Aggregate != Model.Aggregate.Percentile || query.Percentile is >= 0 and <= 100, nameof(query.Percentile),
            "A percentile aggregate needs Percentile between 0 and 100.");
        validator.Require(query.Limit is null or > 0, nameof(query.Limit), "Limit must be at least 1.");
        validator.Require(query.Fill == Fill.None || query.Every is not null, nameof(query.Fill), "Fill needs Every (it fills empty time buckets).");
        validator.ThrowIfInvalid();
    }

    /// <summary>The catalog entries the query reads, grouped as the result series will be.</summary>
    List<QueryGroup> Plan(MetricQuery query)
    {
        RequireMeasurement(query.Measurement);
        var all = _catalog.Entries(query.Measurement);
        var fields = all.Where(e => e.Field == query.Field).ToList();
        if (fields.Count == 0)
        {
            var known = string.Join(", ", all.Select(e => e.Field).Distinct().Order(StringComparer.Ordinal).Take(20));
            throw new LightningException(ErrorKind.NotFound, "metrics.field_not_found",
                $"The measurement '{query.Measurement}' has no field '{query.Field}'. Its fields: {known}.");
        }
        if (fields.Any(e => e.Kind == FieldKind.String))
            throw new ValidationFailedException($"The field '{query.Field}' of '{query.Measurement}' holds strings; only numeric fields can be queried (export reads strings).");

        var matcher = new TagMatcher(query.Where);
        var byAll = query.GroupBy.Contains("*");
        var groups = new Dictionary<string, QueryGroup>(StringComparer.Ordinal);
        foreach (var entry in fields)
        {
            if (!matcher.Matches(entry.Series)) continue;
            string key;
            IReadOnlyDictionary<string, string> tags;
            if (byAll)
            {
                key = entry.Series.Canonical;
                tags = entry.Series.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
            }
            else if (query.GroupBy.Count == 0)
            {
                key = string.Empty;
                tags = new Dictionary<string, string>(StringComparer.Ordinal);
            }
            else
            {
                var values = query.GroupBy.Select(k => entry.Series.Tag(k) ?? string.Empty).ToArray();
                key = string.Join('\u0001', values);
                tags = query.GroupBy.Select((k, i) => (k, values[i])).ToDictionary(p => p.k, p => p.Item2, StringComparer.Ordinal);
            }
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new QueryGroup(key, tags, []);
            group.Entries.Add(entry);
        }
        return groups.Values.OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
    }

    QueryResult RawQuery(DuckDBConnection connection, MetricQuery query, List<QueryGroup> groups, long from, long to, CancellationToken cancellationToken)
    {
        // With a limit per group, the limit applies first (as InfluxQL's LIMIT does), then the raw-points bound.
        var points = ReadPoints(connection, SidList(groups), [(from, to)], RecentRows.Memory, RawPointBound(query), cancellationToken);
        return RawResult(query, groups, points);
    }

    long RawPointBound(MetricQuery query) => query.Limit is null ? _options.MaxRawPoints : long.MaxValue;

    QueryResult RawResult(MetricQuery query, List<QueryGroup> groups, Dictionary<int, SeriesPoints> points)
    {
        var times = new List<long>[groups.Count];
        var values = new List<double>[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].Entries.Select(e => points.GetValueOrDefault(e.Id)).OfType<SeriesPoints>().ToList();
            if (members.Count == 1)
            {
                times[g] = members[0].Times;
                values[g] = members[0].Values;
                continue;
            }
            // Several series in one group: their points in time order (a stable sort keeps each series' order).
            var merged = members.SelectMany(m => m.Times.Select((t, i) => (Time: t, Value: m.Values[i]))).OrderBy(p => p.Time).ToList();
            times[g] = merged.Select(p => p.Time).ToList();
            values[g] = merged.Select(p => p.Value).ToList();
        }
        if (query.Limit is { } limit && times.Sum(t => (long)Math.Min(limit, t.Count)) > _options.MaxRawPoints) ThrowTooManyRawPoints();
        return Results(query, groups, times, values);
    }

    QueryResult AggregateQuery(DuckDBConnection connection, MetricQuery query, List<QueryGroup> groups, long from, long to, CancellationToken cancellationToken)
    {
        var aggregate = query.Aggregate!.Value;
        long? width = query.Every is { } every ? every.Ticks * 100 : null;
        var first = width is { } w ? FloorTo(from, w) : from;
        var bucketsPerGroup = width is { } w2 ? (to - first + w2 - 1) / w2 : 1;
        if (bucketsPerGroup * groups.Count > _options.MaxBuckets)
            throw new ValidationFailedException(
                $"The query would produce {bucketsPerGroup * groups.Count} buckets ({bucketsPerGroup} per series x {groups.Count} series), over the limit of {_options.MaxBuckets} " +
                "(Lightning:Monitoring:Storage:Embedded:MaxBuckets). Widen Every, narrow the time range, or group by fewer tags.");

        var aggregator = new BucketAggregator(groups.Count, first, width, bucketsPerGroup, aggregate, query.Percentile ?? 50);
        var sids = SidList(groups);
        var groupOf = new Dictionary<int, int>();
        for (var g = 0; g < groups.Count; g++)
            foreach (var entry in groups[g].Entries) groupOf[entry.Id] = g;
        string Bucket(string column) => width is { } bw ? $"({column} - {column} % {bw})" : "CAST(0 AS BIGINT)";

        // Whole compacted rollup buckets answer from the rollup table; the rest (edges, the newest data) from raw points.
        var mergeable = BucketAggregator.IsMergeable(aggregate);
        var rawRanges = new List<(long, long)>();
        var (rollupStart, rollupEnd) = (0L, 0L);
        long? rollupLevel = mergeable ? RollupLevel(width, to - from) : null;
        if (rollupLevel is { } level) (rollupStart, rollupEnd) = RollupSpan(from, to, level);
        if (rollupEnd > rollupStart)
        {
            if (from < rollupStart) rawRanges.Add((from, rollupStart));
            if (rollupEnd < to) rawRanges.Add((rollupEnd, to));
        }
        else
        {
            rawRanges.Add((from, to));
        }
        // The append table is aggregated by DuckDB unless a write may have replaced a stored point (then C# merges it).
        var recentInSql = mergeable && !_recentHasOverlaps;

        var parts = new List<string>();
        if (rollupEnd > rollupStart)
        {
            var (_, rollupGroup, rollupJoin) = GroupMapping(groups, "r");
            var rollupWidth = rollupLevel!.Value;
            var rollupRows = $"SELECT sid, CAST(k AS BIGINT) * {rollupWidth} AS b, n, s, lo, hi, fd, fv, ld, lv FROM {(rollupWidth == NsPerHour ? "rollup_1h" : "rollup_1m")} " +
                             $"WHERE sid IN ({sids}) AND k >= {rollupStart / rollupWidth} AND k < {rollupEnd / rollupWidth}";
            parts.Add($"SELECT {rollupGroup} AS g, {Bucket("r.b")} AS bucket, CAST(sum(r.n) AS BIGINT), sum(r.s), min(r.lo), max(r.hi), min(r.b + r.fd), arg_min(r.fv, r.b + r.fd), max(r.b + r.ld), arg_max(r.lv, r.b + r.ld) " +
                      $"FROM ({rollupRows}) r {rollupJoin} GROUP BY ALL");
        }
        if (recentInSql && rawRanges.Count > 0)
        {
            var (_, recentGroup, recentJoin) = GroupMapping(groups, "p");
            var ranges = string.Join(" OR ", rawRanges.Select(r => $"(t >= {r.Item1} AND t < {r.Item2})"));
            parts.Add($"SELECT {recentGroup} AS g, {Bucket("p.t")} AS bucket, count(*), sum(p.v), min(p.v), max(p.v), min(p.t), arg_min(p.v, p.t), max(p.t), arg_max(p.v, p.t) " +
                      $"FROM (SELECT sid, t, {Schema.Value} AS v FROM recent WHERE sid IN ({sids}) AND ({ranges})) p {recentJoin} GROUP BY ALL");
        }

        // One read transaction, so that rollups, the append table and the chunks are the same snapshot.
        Execute(connection, "BEGIN TRANSACTION");
        try
        {
            if (parts.Count > 0)
            {
                var with = GroupMapping(groups, "p").With;
                using var command = connection.CreateCommand();
                command.CommandText = with + string.Join(" UNION ALL ", parts);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    if (reader.IsDBNull(2)) continue;
                    aggregator.MergeBucket(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2), Double(reader, 3),
                        Double(reader, 4), Double(reader, 5), reader.GetInt64(6), Double(reader, 7), reader.GetInt64(8), Double(reader, 9));
                }
            }
            if (rawRanges.Count > 0)
            {
                var points = ReadPoints(connection, sids, rawRanges, recentInSql ? RecentRows.None : RecentRows.Sql, long.MaxValue, cancellationToken);
                foreach (var (sid, series) in points)
                {
                    var g = groupOf[sid];
                    for (var i = 0; i < series.Times.Count; i++) aggregator.Add(g, series.Times[i], series.Values[i]);
                }
            }
        }
        catch
        {
            TryRollback(connection);
            throw;
        }
        Execute(connection, "COMMIT");
        cancellationToken.ThrowIfCancellationRequested();

        var times = new List<long>[groups.Count];
        var values = new List<double>[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            (times[g], values[g]) = aggregator.Result(g, from);
            if (width is not { } fillWidth || times[g].Count == 0) continue;
            var (filledTimes, filledValues) = BucketFill.Apply(first, to, fillWidth, times[g], values[g], query.Fill);
            times[g] = [.. filledTimes];
            values[g] = [.. filledValues];
        }
        return Results(query, groups, times, values);
    }

    static double Double(System.Data.Common.DbDataReader reader, int column) => reader.IsDBNull(column) ? double.NaN : reader.GetDouble(column);

    static QueryResult Results(MetricQuery query, List<QueryGroup> groups, List<long>[] times, List<double>[] values)
    {
        var series = new List<SeriesResult>(groups.Count);
        for (var g = 0; g < groups.Count; g++)
        {
            if (times[g].Count == 0) continue;
            var count = query.Limit is { } limit ? Math.Min(limit, times[g].Count) : times[g].Count;
            series.Add(new SeriesResult(query.Measurement, groups[g].Tags, query.Field,
                CollectionsMarshal.AsSpan(times[g])[..count].ToArray(), CollectionsMarshal.AsSpan(values[g])[..count].ToArray()));
        }
        return new QueryResult(series);
    }

    /// <summary>Which rollup can answer an aggregate that combines from partial states: buckets must be whole rollup buckets.</summary>
    static long? RollupLevel(long? width, long span)
    {
        if (width is { } w && w % NsPerMinute != 0) return null;
        if ((width is null || width % NsPerHour == 0) && span >= 6 * NsPerHour) return NsPerHour;
        return NsPerMinute;
    }

    /// <summary>The whole rollup buckets inside the range that are complete: every point before them is compacted and rolled up.</summary>
    (long Start, long End) RollupSpan(long from, long to, long level)
    {
        var rolledUpTo = Math.Min(Volatile.Read(ref _watermark), Volatile.Read(ref _recentMinTime));
        var start = CeilTo(from, level);
        if (rolledUpTo <= from) return (start, start);
        var end = Math.Min(FloorTo(to, level), FloorTo(rolledUpTo, level));
        return (start, end);
    }

    internal static long FloorTo(long value, long step) => value - (((value % step) + step) % step);

    static long CeilTo(long value, long step) => FloorTo(value, step) == value ? value : FloorTo(value, step) + step;

    static List<int> SidIds(List<QueryGroup> groups) => [.. groups.SelectMany(g => g.Entries).Select(e => e.Id)];

    static string SidList(List<QueryGroup> groups) =>
        string.Join(',', groups.SelectMany(g => g.Entries).Select(e => e.Id.ToString(CultureInfo.InvariantCulture)));

    /// <summary>A CTE mapping series ids to result groups, unless there is one group (then the group is the constant 0).</summary>
    static (string With, string GroupColumn, string Join) GroupMapping(List<QueryGroup> groups, string alias)
    {
        if (groups.Count == 1) return (string.Empty, "0", string.Empty);
        var ids = new StringBuilder();
        var indexes = new StringBuilder();
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var entry in groups[g].Entries)
            {
                if (ids.Length > 0) { ids.Append(','); indexes.Append(','); }
                ids.Append(entry.Id);
                indexes.Append(g);
            }
        }
        return ($"WITH m AS (SELECT unnest([{ids}]) AS sid, unnest([{indexes}]) AS g) ", "m.g", $"JOIN m ON {alias}.sid = m.sid");
    }
}
