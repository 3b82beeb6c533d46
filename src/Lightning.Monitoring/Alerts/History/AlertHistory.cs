using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Alerts.History;

/// <summary>Appends alert events (in the caller's unit of work, so a state and its event commit together) and reads them back in pages.</summary>
public sealed class AlertHistory(IDbContextFactory<MonitoringDbContext> contexts, AlertEventStream stream)
{
    /// <summary>Adds the events to <paramref name="db"/>; call <see cref="Publish"/> with the result after saving.</summary>
    internal static List<AlertEventEntity> Append(MonitoringDbContext db, IEnumerable<AlertEvent> events)
    {
        var rows = events.Select(e => new AlertEventEntity
        {
            AlertId = e.AlertId,
            RuleId = e.RuleId,
            At = e.At,
            Type = e.Type,
            FromState = e.From,
            ToState = e.To,
            Channel = e.Channel,
            By = MonitoringDbContext.Fit(e.By, 64),
            Message = MonitoringDbContext.Fit(e.Message, MonitoringDbContext.MaxMessage),
            Value = e.Value is { } v && double.IsFinite(v) ? v : null,
        }).ToList();
        db.AlertEvents.AddRange(rows);
        return rows;
    }

    internal void Publish(IEnumerable<AlertEventEntity> saved) => stream.Publish(saved.Select(ToEvent));

    /// <summary>Appends and saves in a unit of its own.</summary>
    public async Task AppendAsync(IReadOnlyList<AlertEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = Append(db, events);
        await db.SaveChangesAsync(cancellationToken);
        Publish(rows);
    }

    public async Task<AlertEventPage> PageAsync(AlertHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.AlertEvents.AsNoTracking();
        if (query.AlertId is { } alert) rows = rows.Where(e => e.AlertId == alert);
        if (query.RuleId is { } rule) rows = rows.Where(e => e.RuleId == rule);
        if (query.Type is { } type) rows = rows.Where(e => e.Type == type);
        if (query.From is { } from) rows = rows.Where(e => e.At >= from);
        if (query.To is { } to) rows = rows.Where(e => e.At < to);
        if (query.Before is { } before) rows = rows.Where(e => e.Id < before);
        var page = await rows.OrderByDescending(e => e.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
        var more = page.Count > query.Limit;
        var events = page.Take(query.Limit).Select(ToEvent).ToList();
        return new AlertEventPage(events, more ? events[^1].Id : null);
    }

    internal static AlertEvent ToEvent(AlertEventEntity e) =>
        new(e.Id, e.AlertId, e.RuleId, e.At, e.Type, e.FromState, e.ToState, e.Channel, e.By, e.Message, e.Value);
}
