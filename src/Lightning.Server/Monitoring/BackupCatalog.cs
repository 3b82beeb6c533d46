using System.Globalization;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Monitoring.Storage;
using Lightning.Monitoring.Storage.Embedded;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Monitoring;

/// <summary>One backup of the embedded metric store.</summary>
public sealed record MetricBackup(string Name, long Bytes, long Points, DateTimeOffset CreatedAt);

/// <summary>
/// Consistent snapshots of the embedded store in <c>&lt;data dir&gt;/backups/metrics</c>: created while writes go on,
/// listed, downloaded and deleted by name. Names are generated (<c>metrics-YYYYMMDD-HHMMSS-fff.duckdb</c>) and checked
/// against that form, so a name can never leave the folder.
/// </summary>
public sealed partial class BackupCatalog(IMetricStore store, IOptions<LightningOptions> lightning, TimeProvider time, ILogger<BackupCatalog> logger)
{
    public string Folder => lightning.Value.DataPath("backups", "metrics");

    public async Task<MetricBackup> CreateAsync(CancellationToken cancellationToken)
    {
        var embedded = Embedded();
        Directory.CreateDirectory(Folder);
        var now = time.GetUtcNow();
        var name = "metrics-" + now.UtcDateTime.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + ".duckdb";
        if (File.Exists(Path.Combine(Folder, name)))
            throw new LightningException(ErrorKind.Conflict, "metrics.backup_exists", $"A backup named {name} already exists; try again in a moment.");
        await embedded.BackupAsync(Path.Combine(Folder, name), cancellationToken);
        var backup = Describe(new FileInfo(Path.Combine(Folder, name)));
        Log.BackupCreated(logger, backup.Name, backup.Bytes, backup.Points);
        return backup;
    }

    public IReadOnlyList<MetricBackup> List()
    {
        if (!Directory.Exists(Folder)) return [];
        return [.. new DirectoryInfo(Folder).EnumerateFiles("metrics-*.duckdb").Where(file => NamePattern().IsMatch(file.Name))
            .OrderByDescending(file => file.Name, StringComparer.Ordinal).Select(Describe)];
    }

    /// <summary>The backup's file, or 404 (also for any name not of the generated form).</summary>
    public FileInfo Find(string name)
    {
        var file = NamePattern().IsMatch(name ?? string.Empty) ? new FileInfo(Path.Combine(Folder, name!)) : null;
        return file is { Exists: true } ? file : throw new LightningException(ErrorKind.NotFound, "metrics.backup_not_found", $"No metric backup named '{name}'.");
    }

    public void Delete(string name)
    {
        var file = Find(name);
        file.Delete();
        Log.BackupDeleted(logger, file.Name);
    }

    EmbeddedMetricStore Embedded() => store.Underlying() as EmbeddedMetricStore ?? throw new LightningException(ErrorKind.Invalid, "metrics.backup_unsupported",
        $"Backups are made of the embedded metric store; this server uses '{store.Kind}' (back InfluxDB up with 'influxd backup').");

    static MetricBackup Describe(FileInfo file) =>
        new(file.Name, file.Length, EmbeddedMetricStore.CountPoints(file.FullName), new DateTimeOffset(file.CreationTimeUtc, TimeSpan.Zero));

    [GeneratedRegex(@"^metrics-\d{8}-\d{6}-\d{3}\.duckdb$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
