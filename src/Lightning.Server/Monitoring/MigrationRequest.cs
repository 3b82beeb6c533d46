namespace Lightning.Server.Monitoring;

/// <summary>
/// <c>POST /api/v2/monitoring/migrations</c>: copy between an InfluxDB 1.x database and this server's metric store.
/// <see cref="Direction"/> is <c>from-influx</c> or <c>to-influx</c>; the password is used for the job and never
/// stored with it, logged nor returned.
/// </summary>
public sealed record MigrationRequest(
    string? Direction,
    string? Url,
    string? Database,
    string? Username = null,
    string? Password = null,
    IReadOnlyList<string>? Measurements = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null);

/// <summary>A migration job as the API shows it: progress while it runs, the outcome when it ends. No credentials.</summary>
public sealed record MigrationView(
    string Id,
    string Direction,
    string Url,
    string Database,
    IReadOnlyList<string>? Measurements,
    string State,
    long PointsCopied,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Skipped,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);
