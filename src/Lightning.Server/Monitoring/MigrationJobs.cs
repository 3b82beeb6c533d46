using System.Collections.Concurrent;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Lightning.Monitoring.Storage.Influx;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Monitoring;

/// <summary>
/// Runs InfluxDB migrations as background jobs (one at a time per server is not enforced; each job has its own
/// connection) and keeps their progress in memory: points copied, errors, outcome. <c>from-influx</c> reads the database
/// with <see cref="InfluxMigration"/> into this server's store; <c>to-influx</c> reads the embedded store with every
/// field type (strings included) and writes it to the database. Stops with the server.
/// </summary>
public sealed class MigrationJobs(
    IMetricStore store,
    IOptions<MonitoringOperationsOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : IDisposable
{
    const string FromInflux = "from-influx";
    const string ToInflux = "to-influx";
    readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    readonly ILogger _logger = loggers.CreateLogger<MigrationJobs>();
    readonly CancellationTokenSource _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);

    public MigrationView Start(MigrationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (direction, url, influxOptions) = Validate(request);
        var job = new Job(LightningId.New("mig"), direction, url, influxOptions.Database, request.Measurements, time.GetUtcNow());
        Trim();
        _jobs[job.Id] = job;
        Log.MigrationStarted(_logger, job.Id, direction, job.Database);
        job.Run = Task.Run(() => RunAsync(job, influxOptions, request.From, request.To, _stopping.Token));
        return job.View();
    }

    public MigrationView Get(string id) => _jobs.TryGetValue(id, out var job)
        ? job.View()
        : throw new LightningException(ErrorKind.NotFound, "metrics.migration_not_found", $"No migration with id '{id}'.");

    public IReadOnlyList<MigrationView> List() => [.. _jobs.Values.OrderByDescending(job => job.StartedAt).Select(job => job.View())];

    /// <summary>Waits for a job to end (tests and shutdown).</summary>
    public Task WhenDoneAsync(string id) => _jobs.TryGetValue(id, out var job) && job.Run is { } run ? run : Task.CompletedTask;

    async Task RunAsync(Job job, InfluxStoreOptions influxOptions, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        try
        {
            await using var influx = new InfluxMetricStore(Options.Create(influxOptions), loggers.CreateLogger<InfluxMetricStore>());
            if (job.Direction == FromInflux)
            {
                var counting = new BatchSink(store.Kind, (batch, token) => new ValueTask(WriteAsync(job, store, batch, token)));
                var result = await new InfluxMigration(influx, loggers.CreateLogger<InfluxMigration>())
                    .ImportAsync(counting, new InfluxImportScope(job.Measurements, from, to), options.Value.BatchSize, cancellationToken);
                job.Skipped.AddRange(result.Skipped.Select(name => $"measurement {name} is not in the database"));
            }
            else
            {
                await ExportAsync(job, influx, from ?? DateTimeOffset.UnixEpoch, to ?? time.GetUtcNow().AddDays(1), cancellationToken);
            }

            job.Finish(job.Errors.Count == 0 ? "succeeded" : "finished-with-errors", time.GetUtcNow());
            Log.MigrationFinished(_logger, job.Id, job.Points);
        }
        catch (Exception ex)
        {
            // A background job: whatever ends it is the job's outcome, never an unobserved task.
            var reason = ex is OperationCanceledException ? "the server stopped" : ex.Message;
            job.AddError(reason);
            job.Finish("failed", time.GetUtcNow());
            Log.MigrationFailed(_logger, job.Id, job.Points, reason);
        }
    }

    async Task ExportAsync(Job job, InfluxMetricStore influx, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var embedded = (EmbeddedMetricStore)store.Underlying();
        var present = await embedded.MeasurementsAsync(cancellationToken);
        IEnumerable<string?> measurements = job.Measurements is null ? new string?[] { null } : job.Measurements.Where(name => present.Contains(name, StringComparer.Ordinal)).Select(name => (string?)name);
        if (job.Measurements is not null) job.Skipped.AddRange(job.Measurements.Where(name => !present.Contains(name, StringComparer.Ordinal)).Select(name => $"measurement {name} is not in the store"));
        foreach (var measurement in measurements)
        {
            await foreach (var batch in embedded.ReadBatchesAsync(measurement, from, to, options.Value.BatchSize, cancellationToken))
                await WriteAsync(job, influx, batch, cancellationToken);
        }
    }

    /// <summary>A batch the target refuses (a type conflict, a series limit) is an error of the job, which goes on; an unreachable target ends it.</summary>
    static async Task WriteAsync(Job job, IMetricStore target, PointBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await target.WriteAsync(batch, cancellationToken);
            job.Add(batch.Count);
        }
        catch (LightningException ex) when (ex.Kind == ErrorKind.Invalid)
        {
            job.AddError($"{batch.Count} points refused: {ex.Message}");
            if (job.Errors.Count >= 100) throw new LightningException(ErrorKind.Invalid, "metrics.migration_errors", "Stopped after 100 refused batches.");
        }
    }

    (string Direction, string Url, InfluxStoreOptions Options) Validate(MigrationRequest request)
    {
        var validator = new Validator();
        var direction = request.Direction?.Trim().ToLowerInvariant();
        if (direction is not (FromInflux or ToInflux)) validator.Add("direction", "direction is from-influx or to-influx.");
        Uri? url = null;
        if (string.IsNullOrWhiteSpace(request.Url) || !Uri.TryCreate(request.Url, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
            validator.Add("url", "url is the InfluxDB server's absolute http(s) address, e.g. http://influx:8086.");
        else if (url.UserInfo.Length > 0)
            validator.Add("url", "Put the user name and password in username and password, not in the url.");
        if (string.IsNullOrWhiteSpace(request.Database) || request.Database.Any(c => char.IsControl(c) || c == '"'))
            validator.Add("database", "database is required and has no quotes or control characters.");
        if (request.From is { } from && request.To is { } to && from >= to) validator.Add("to", "to must be after from.");
        if (request.Measurements is { } names && names.Any(string.IsNullOrWhiteSpace)) validator.Add("measurements", "Measurement names must not be empty.");
        if (direction == ToInflux && store.Underlying() is not EmbeddedMetricStore)
            validator.Add("direction", $"to-influx copies the embedded store; this server's store is '{store.Kind}'.");
        if (direction == FromInflux && store.Kind == "influxdb")
            validator.Add("direction", "from-influx copies into the embedded store; this server already stores its metrics in InfluxDB.");
        validator.ThrowIfInvalid();
        var influxOptions = new InfluxStoreOptions
        {
            Url = url!, Database = request.Database!.Trim(), User = string.IsNullOrEmpty(request.Username) ? null : request.Username,
            Password = request.Password, CreateDatabase = direction == ToInflux,
        };
        return (direction!, url!.GetLeftPart(UriPartial.Path), influxOptions);
    }

    void Trim()
    {
        foreach (var old in _jobs.Values.Where(job => job.FinishedAt is not null).OrderByDescending(job => job.StartedAt).Skip(options.Value.MigrationsKept - 1).ToList())
            _jobs.TryRemove(old.Id, out _);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    sealed class Job(string id, string direction, string url, string database, IReadOnlyList<string>? measurements, DateTimeOffset startedAt)
    {
        readonly Lock _lock = new();
        readonly List<string> _errors = [];
        long _points;
        string _state = "running";

        public string Id => id;
        public string Direction => direction;
        public string Database => database;
        public IReadOnlyList<string>? Measurements => measurements;
        public DateTimeOffset StartedAt => startedAt;
        public DateTimeOffset? FinishedAt { get; private set; }
        public Task? Run { get; set; }
        public List<string> Skipped { get; } = [];
        public long Points => Interlocked.Read(ref _points);

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_lock) return [.. _errors];
            }
        }

        public void Add(long points) => Interlocked.Add(ref _points, points);

        public void AddError(string error)
        {
            lock (_lock) _errors.Add(error);
        }

        public void Finish(string state, DateTimeOffset at)
        {
            lock (_lock)
            {
                _state = state;
                FinishedAt = at;
            }
        }

        public MigrationView View()
        {
            lock (_lock)
                return new MigrationView(id, direction, url, database, measurements, _state, Points, [.. _errors], [.. Skipped], startedAt, FinishedAt);
        }
    }
}
