using Lightning.Core.Errors;
using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Database;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>The collectors' state, the platform's slowest statements and the monitored PostgreSQL servers' (viewer).</summary>
public static class MonitoringCollectorEndpoints
{
    public static void MapMonitoringCollectorEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/collectors", List).WithSummary("Each collector: interval, last run, last error, points written");
        group.MapGet("/collectors/queries", Queries).WithSummary("The platform's own slowest statements since start (most total time first)");
        group.MapGet("/collectors/postgres", PostgresAsync).WithSummary("pg_stat_statements of each configured PostgreSQL server (most total time first)");
    }

    static Ok<IReadOnlyList<CollectorView>> List(IServiceProvider services)
    {
        var host = services.GetService<CollectorHost>();
        return TypedResults.Ok<IReadOnlyList<CollectorView>>(host is null ? [] : [.. host.Status().Select(CollectorView.Of)]);
    }

    static Ok<IReadOnlyList<StatementView>> Queries(int? top, IServiceProvider services)
    {
        var count = Top(top);
        var profiler = services.GetService<QueryProfiler>();
        return TypedResults.Ok<IReadOnlyList<StatementView>>(profiler is null ? [] : [.. profiler.Slowest(count).Select(StatementView.Of)]);
    }

    /// <summary>Each server by name, never its connection string; a server that cannot be read gives its name and Npgsql's message.</summary>
    static async Task<Ok<IReadOnlyList<PostgresServerView>>> PostgresAsync(int? top, IOptions<CollectorOptions> options, CancellationToken cancellationToken)
    {
        var count = Top(top);
        var servers = new List<PostgresServerView>();
        foreach (var server in options.Value.Postgres.Servers)
        {
            try
            {
                var statements = await PostgresStatementsReader.ReadAsync(server.ConnectionString, cancellationToken);
                servers.Add(new PostgresServerView(server.Name, null, [.. statements.OrderByDescending(s => s.TotalTimeMs).Take(count)
                    .Select(s => new PostgresStatementView(s.Database, s.QueryId, SqlNormalizer.Normalize(s.Query), s.Calls, s.TotalTimeMs,
                        s.Calls == 0 ? 0 : s.TotalTimeMs / s.Calls, s.Rows))]));
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException or ArgumentException)
            {
                servers.Add(new PostgresServerView(server.Name, ex.Message, []));
            }
        }

        return TypedResults.Ok<IReadOnlyList<PostgresServerView>>(servers);
    }

    static int Top(int? top) => top switch
    {
        null => 20,
        < 1 or > 1000 => throw new ValidationFailedException(new Dictionary<string, string[]> { ["top"] = ["top must be between 1 and 1000."] }),
        _ => top.Value,
    };
}

public sealed record CollectorView(string Name, string Interval, DateTimeOffset? LastRun, double? LastDurationMs, DateTimeOffset? LastErrorAt,
    string? LastError, long PointsWritten, long Runs, long Failures)
{
    public static CollectorView Of(CollectorStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        return new CollectorView(status.Name, Lightning.Server.Monitoring.Durations.Format(status.Interval), status.LastRun,
            status.LastDuration?.TotalMilliseconds, status.LastErrorAt, status.LastError, status.PointsWritten, status.Runs, status.Failures);
    }
}

public sealed record StatementView(string Statement, long Count, double TotalMs, double MeanMs, double MaxMs, long Errors)
{
    public static StatementView Of(StatementStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        return new StatementView(stats.Statement, stats.Count, stats.TotalMs, stats.MeanMs, stats.MaxMs, stats.Errors);
    }
}

public sealed record PostgresStatementView(string Database, long QueryId, string Query, long Calls, double TotalTimeMs, double MeanTimeMs, long Rows);

public sealed record PostgresServerView(string Server, string? Error, IReadOnlyList<PostgresStatementView> Statements);
