using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Analysis;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Monitoring.Events;

/// <summary>
/// The platform events the monitoring module keeps in its own table: posted ones (deployments from CI/CD) and the
/// configuration changes other stores stage with <see cref="Stage"/> inside their own save, so that a change and its
/// event commit together.
/// </summary>
public sealed partial class PlatformEventStore(IDbContextFactory<MonitoringDbContext> contexts, TimeProvider timeProvider, ILogger<PlatformEventStore>? logger = null)
    : IPlatformEventSource
{
    public const int MaxLabels = 32;
    public const int MaxLabelKey = 64;
    public const int MaxLabelValue = 255;

    /// <summary>How far ahead of the server's clock an event may be dated (CI clocks drift; a week ahead is a mistake).</summary>
    public static readonly TimeSpan MaxFuture = TimeSpan.FromDays(1);

    readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;

    public string Name => "monitoring";

    /// <summary>Validates and stores an event; every problem is reported at once, keyed by the request's field.</summary>
    public async Task<PlatformEventEntry> RecordAsync(PlatformEventRequest request, string by, string source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = timeProvider.GetUtcNow();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var kind = request.Kind?.Trim() ?? string.Empty;
        if (!KindPattern().IsMatch(kind))
            errors["kind"] = ["'kind' is required: lowercase letters, digits and dashes, at most 40 (e.g. deployment, config-change, rollback)."];
        var title = request.Title?.Trim() ?? string.Empty;
        if (title.Length == 0) errors["title"] = ["'title' is required."];
        else if (title.Length > MonitoringDbContext.MaxName) errors["title"] = [$"'title' is at most {MonitoringDbContext.MaxName} characters."];
        if (request.Text is { Length: > MonitoringDbContext.MaxMessage }) errors["text"] = [$"'text' is at most {MonitoringDbContext.MaxMessage} characters."];
        if (request.At is { } at && at > now + MaxFuture) errors["at"] = [$"'at' ({at:O}) is more than a day ahead of the server's clock ({now:O})."];
        var labels = request.Labels ?? new Dictionary<string, string>();
        if (labels.Count > MaxLabels) errors["labels"] = [$"At most {MaxLabels} labels."];
        else if (labels.FirstOrDefault(l => l.Key.Length is 0 or > MaxLabelKey || (l.Value?.Length ?? 0) > MaxLabelValue) is { Key: not null } bad)
            errors["labels"] = [$"Label '{bad.Key}': keys are 1-{MaxLabelKey} characters, values at most {MaxLabelValue}."];
        if (errors.Count > 0) throw new ValidationFailedException(errors);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = Stage(db, request.At ?? now, now, source, kind, title, labels, request.Text, by);
        await db.SaveChangesAsync(cancellationToken);
        Log.EventRecorded(_logger, entity.Kind, entity.Title, entity.Source, entity.At);
        return ToEntry(entity);
    }

    /// <summary>Adds an event to <paramref name="db"/>; the caller's SaveChanges commits it with the change it describes.</summary>
    public static PlatformEventEntity Stage(
        MonitoringDbContext db, DateTimeOffset at, DateTimeOffset now, string source, string kind, string title,
        IReadOnlyDictionary<string, string> labels, string? text = null, string? by = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(labels);
        var entity = new PlatformEventEntity
        {
            At = at,
            RecordedAt = now,
            Source = source,
            Kind = kind,
            Title = MonitoringDbContext.Fit(title, MonitoringDbContext.MaxName)!,
            Labels = JsonSerializer.Serialize(labels, LightningJson.Options),
            Text = MonitoringDbContext.Fit(text, MonitoringDbContext.MaxMessage),
            By = MonitoringDbContext.Fit(by, 64),
        };
        db.PlatformEvents.Add(entity);
        return entity;
    }

    /// <summary>A configuration change of the platform (kind <c>config-change</c>), staged in <paramref name="db"/>.</summary>
    public static void StageConfigChange(MonitoringDbContext db, DateTimeOffset now, string source, string title, IReadOnlyDictionary<string, string> labels, string? by = null) =>
        Stage(db, now, now, source, Analysis.RootCause.PlatformEventKinds.ConfigChange, title, labels, null, by);

    public async Task<IReadOnlyList<PlatformEventEntry>> ReadAsync(DateTimeOffset start, DateTimeOffset until, string? kind, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.PlatformEvents.AsNoTracking().Where(e => e.At >= start && e.At < until);
        if (!string.IsNullOrEmpty(kind)) rows = rows.Where(e => e.Kind == kind);
        var list = await rows.OrderBy(e => e.At).ThenBy(e => e.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. list.Select(ToEntry)];
    }

    static PlatformEventEntry ToEntry(PlatformEventEntity entity) => new(
        entity.Id.ToString(CultureInfo.InvariantCulture),
        entity.Source,
        entity.At,
        entity.Kind,
        entity.Title,
        JsonSerializer.Deserialize<Dictionary<string, string>>(entity.Labels, LightningJson.Options) ?? [],
        entity.Text,
        entity.By);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$")]
    private static partial Regex KindPattern();
}
