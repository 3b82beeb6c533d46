using System.Globalization;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lightning.Monitoring.Collectors.Database;

/// <summary>
/// Reads pg_stat_statements of each monitored PostgreSQL and writes what happened since the previous read as
/// <c>postgresql_statements</c> (tags server, database, queryid, query — PostgreSQL's own normalised text): calls,
/// total_time_ms, mean_time_ms and rows in the interval, for the statements with the most time. The first read of a
/// server only sets the baseline. A server that cannot be read is logged by name (never its connection string) and
/// the others are still read.
/// </summary>
public sealed class PostgresStatementsCollector(IOptions<CollectorOptions> options, ILogger<PostgresStatementsCollector> logger) : ICollector
{
    readonly PostgresStatementsOptions _options = options.Value.Postgres;
    readonly Dictionary<string, Dictionary<(long, long, long), PostgresStatement>> _previous = new(StringComparer.Ordinal);

    public string Name => "postgres";

    public TimeSpan Interval => _options.Interval;

    public async ValueTask CollectAsync(PointBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var timestampNs = Timestamps.ToNanoseconds(now);
        foreach (var server in _options.Servers)
        {
            IReadOnlyList<PostgresStatement> statements;
            try
            {
                statements = await PostgresStatementsReader.ReadAsync(server.ConnectionString, cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or ArgumentException)
            {
                Log.PostgresFailed(logger, server.Name, ex.Message);
                continue;
            }

            Add(batch, timestampNs, server.Name, statements);
        }
    }

    void Add(PointBatch batch, long timestampNs, string server, IReadOnlyList<PostgresStatement> statements)
    {
        var current = statements.ToDictionary(s => (s.DatabaseId, s.UserId, s.QueryId));
        var first = !_previous.TryGetValue(server, out var previous);
        _previous[server] = current;
        if (first) return;

        var deltas = new List<PostgresStatement>();
        foreach (var (key, statement) in current)
        {
            // A statement that is new, or whose counters went back (pg_stat_statements_reset, eviction), counts from zero.
            var before = previous!.TryGetValue(key, out var b) && b.Calls <= statement.Calls ? b : null;
            var calls = statement.Calls - (before?.Calls ?? 0);
            if (calls <= 0) continue;
            deltas.Add(statement with
            {
                Calls = calls,
                TotalTimeMs = statement.TotalTimeMs - (before?.TotalTimeMs ?? 0),
                Rows = statement.Rows - (before?.Rows ?? 0),
            });
        }

        foreach (var delta in deltas.OrderByDescending(d => d.TotalTimeMs).Take(_options.TopStatements))
        {
            List<KeyValuePair<string, string>> tags =
            [
                new("server", server), new("queryid", delta.QueryId.ToString(CultureInfo.InvariantCulture)),
                new("query", StatementTags.Shorten(string.IsNullOrWhiteSpace(delta.Query) ? "?" : SqlNormalizer.Normalize(delta.Query))),
            ];
            if (delta.Database.Length > 0) tags.Add(new("database", delta.Database));
            var series = batch.AddSeries(new SeriesKey("postgresql_statements", tags));
            batch.Add(series, "calls", timestampNs, FieldValue.OfInteger(delta.Calls));
            batch.Add(series, "total_time_ms", timestampNs, FieldValue.OfFloat(delta.TotalTimeMs));
            batch.Add(series, "mean_time_ms", timestampNs, FieldValue.OfFloat(delta.TotalTimeMs / delta.Calls));
            batch.Add(series, "rows", timestampNs, FieldValue.OfInteger(delta.Rows));
        }
    }
}
