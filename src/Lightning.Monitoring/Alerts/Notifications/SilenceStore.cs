using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Events;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.Notifications;

public sealed class SilenceStore(IDbContextFactory<MonitoringDbContext> contexts, TimeProvider timeProvider)
{
    /// <summary>Silences newest first; expired ones only when asked.</summary>
    public async Task<IReadOnlyList<Silence>> ListAsync(bool includeExpired, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Silences.AsNoTracking();
        if (!includeExpired) rows = rows.Where(s => s.EndsAt > now);
        return (await rows.OrderByDescending(s => s.Id).Take(1000).ToListAsync(cancellationToken)).Select(ToSilence).ToList();
    }

    public async Task<IReadOnlyList<Silence>> ActiveAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Silences.AsNoTracking().Where(s => s.StartsAt <= now && s.EndsAt > now).ToListAsync(cancellationToken);
        return rows.Select(ToSilence).ToList();
    }

    public async Task<Silence> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return ToSilence(await FindAsync(db, id, cancellationToken));
    }

    public async Task<Silence> CreateAsync(SilenceRequest request, string by, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var (matchers, starts, ends, comment) = Validate(request, now);
        var entity = new SilenceEntity
        {
            Id = LightningId.New("silence"),
            Matchers = JsonSerializer.Serialize(matchers, LightningJson.Options),
            StartsAt = starts,
            EndsAt = ends,
            CreatedBy = MonitoringDbContext.Fit(by, 64)!,
            Comment = comment,
            CreatedAt = now,
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Silences.Add(entity);
        PlatformEventStore.StageConfigChange(db, now, PlatformEventSources.Alerts, $"Silence {entity.Id} created until {entity.EndsAt:u}", new Dictionary<string, string> { ["component"] = "silence", ["silence"] = entity.Id }, entity.CreatedBy);
        await db.SaveChangesAsync(cancellationToken);
        return ToSilence(entity);
    }

    public async Task<Silence> UpdateAsync(string id, SilenceRequest request, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        var (matchers, starts, ends, comment) = Validate(request with { StartsAt = request.StartsAt ?? entity.StartsAt }, now);
        entity.Matchers = JsonSerializer.Serialize(matchers, LightningJson.Options);
        entity.StartsAt = starts;
        entity.EndsAt = ends;
        entity.Comment = comment;
        PlatformEventStore.StageConfigChange(db, now, PlatformEventSources.Alerts, $"Silence {entity.Id} changed (until {entity.EndsAt:u})", new Dictionary<string, string> { ["component"] = "silence", ["silence"] = entity.Id });
        await db.SaveChangesAsync(cancellationToken);
        return ToSilence(entity);
    }

    /// <summary>Ends a silence now (it stays listed as expired, as Alertmanager keeps them).</summary>
    public async Task<Silence> ExpireAsync(string id, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entity = await FindAsync(db, id, cancellationToken);
        if (entity.EndsAt > now)
        {
            entity.EndsAt = now;
            if (entity.StartsAt > now) entity.StartsAt = now;
            PlatformEventStore.StageConfigChange(db, now, PlatformEventSources.Alerts, $"Silence {entity.Id} ended", new Dictionary<string, string> { ["component"] = "silence", ["silence"] = entity.Id });
            await db.SaveChangesAsync(cancellationToken);
        }

        return ToSilence(entity);
    }

    static (IReadOnlyList<TagFilter> Matchers, DateTimeOffset Starts, DateTimeOffset Ends, string Comment) Validate(SilenceRequest? request, DateTimeOffset now)
    {
        var validator = new Validator();
        if (request is null)
        {
            validator.Add("silence", "Send matchers, endsAt and a comment.");
            validator.ThrowIfInvalid();
        }

        var matchers = request!.Matchers ?? [];
        validator.Require(matchers.Count > 0, "matchers", "A silence needs at least one matcher: without one it would mute every alert.");
        LabelMatchers.Validate(validator, "matchers", matchers);
        var starts = request.StartsAt ?? now;
        validator.Require(request.EndsAt is { } end && end > starts && end > now, "endsAt", "endsAt is after startsAt and in the future.");
        validator.Require(!string.IsNullOrWhiteSpace(request.Comment) && request.Comment.Length <= MonitoringDbContext.MaxMessage,
            "comment", "Say why alerts are silenced (1 to 4000 characters).");
        validator.ThrowIfInvalid();
        return (matchers, starts, request.EndsAt!.Value, request.Comment!.Trim());
    }

    static async Task<SilenceEntity> FindAsync(MonitoringDbContext db, string id, CancellationToken cancellationToken) =>
        await db.Silences.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
        ?? throw new LightningException(ErrorKind.NotFound, "monitoring.silence_not_found", $"No silence '{id}'.");

    static Silence ToSilence(SilenceEntity s) => new(
        s.Id, JsonSerializer.Deserialize<List<TagFilter>>(s.Matchers, LightningJson.Options) ?? [], s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment, s.CreatedAt);
}
