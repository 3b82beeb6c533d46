namespace Lightning.Agents.Actions;

/// <summary>An action as the API shows it. Output is fetched separately, because it can be large.</summary>
public sealed record ActionView(
    string Id,
    string Agent,
    ActionKind Kind,
    string Summary,
    string RequestedBy,
    ActionStatus Status,
    int? ExitCode,
    string? Error,
    bool OutputTruncated,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    long? DurationMs)
{
    public static ActionView From(ActionEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new(entity.Id, entity.Agent, entity.Kind, entity.Summary, entity.RequestedBy, entity.Status, entity.ExitCode,
            entity.Error, entity.OutputTruncated, entity.CreatedAt, entity.StartedAt, entity.FinishedAt, entity.DurationMs);
    }
}
