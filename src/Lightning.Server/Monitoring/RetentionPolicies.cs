using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Monitoring;

/// <summary>A measurement's retention: how long its raw points are kept (<c>forever</c> for no limit) and who set it.</summary>
public sealed record RetentionPolicyView(string Measurement, string Duration, string Source);

/// <summary>The default retention (from configuration) and every measurement's own.</summary>
public sealed record RetentionView(string Default, IReadOnlyList<RetentionPolicyView> Measurements);

/// <summary>
/// Per-measurement retention set through the API, persisted in <c>&lt;data dir&gt;/monitoring/retention.json</c> (written
/// to a temporary file and renamed) and handed to the embedded store, whose retention job applies it at its next run.
/// Policies set here win over <c>Lightning:Monitoring:Storage:Embedded:RetentionByMeasurement</c>. Loaded at start.
/// </summary>
public sealed class RetentionPolicies(IMetricStore store, IOptions<LightningOptions> lightning, ILogger<RetentionPolicies> logger) : IHostedService
{
    readonly Lock _lock = new();
    Dictionary<string, TimeSpan?> _policies = new(StringComparer.Ordinal);

    public string FilePath => lightning.Value.DataPath("monitoring", "retention.json");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Underlying() is not EmbeddedMetricStore embedded || !File.Exists(FilePath)) return Task.CompletedTask;
        try
        {
            var loaded = JsonSerializer.Deserialize<Dictionary<string, TimeSpan?>>(File.ReadAllText(FilePath)) ?? [];
            lock (_lock)
            {
                _policies = new Dictionary<string, TimeSpan?>(loaded, StringComparer.Ordinal);
                embedded.SetRetentionOverrides(_policies);
            }
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            Log.RetentionFileUnreadable(logger, FilePath, ex);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public RetentionView View()
    {
        var embedded = Embedded();
        var rows = new SortedDictionary<string, RetentionPolicyView>(StringComparer.Ordinal);
        foreach (var (measurement, span) in embedded.ConfiguredRetention)
            rows[measurement] = new(measurement, Durations.Format(span == TimeSpan.Zero ? null : span), "configuration");
        lock (_lock)
        {
            foreach (var (measurement, span) in _policies) rows[measurement] = new(measurement, Durations.Format(span), "api");
        }

        return new RetentionView(Durations.Format(embedded.DefaultRetention), [.. rows.Values]);
    }

    public RetentionPolicyView Set(string measurement, TimeSpan? retention)
    {
        var embedded = Embedded();
        CheckName(measurement);
        lock (_lock)
        {
            var next = new Dictionary<string, TimeSpan?>(_policies, StringComparer.Ordinal) { [measurement] = retention };
            Save(next);
            _policies = next;
            embedded.SetRetentionOverrides(next);
        }

        Log.RetentionSet(logger, measurement, Durations.Format(retention));
        return new RetentionPolicyView(measurement, Durations.Format(retention), "api");
    }

    /// <summary>Removes the API's policy: the measurement falls back to configuration. False when there was none.</summary>
    public bool Remove(string measurement)
    {
        var embedded = Embedded();
        lock (_lock)
        {
            if (!_policies.ContainsKey(measurement)) return false;
            var next = new Dictionary<string, TimeSpan?>(_policies, StringComparer.Ordinal);
            next.Remove(measurement);
            Save(next);
            _policies = next;
            embedded.SetRetentionOverrides(next);
        }

        Log.RetentionSet(logger, measurement, "configuration");
        return true;
    }

    void Save(Dictionary<string, TimeSpan?> policies)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(policies));
        File.Move(temporary, FilePath, overwrite: true);
    }

    static void CheckName(string measurement)
    {
        if (string.IsNullOrWhiteSpace(measurement) || measurement.Length > 256 || measurement.Any(char.IsControl))
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["measurement"] = ["A measurement name is 1 to 256 characters without control characters."] });
    }

    EmbeddedMetricStore Embedded() => store.Underlying() as EmbeddedMetricStore ?? throw new LightningException(ErrorKind.Invalid, "metrics.retention_unsupported",
        $"Retention per measurement is a feature of the embedded metric store; this server uses '{store.Kind}', whose retention is set per database (CREATE RETENTION POLICY).");
}
