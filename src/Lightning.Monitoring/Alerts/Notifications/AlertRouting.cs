using System.Text.Json.Serialization;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Alerts.Notifications;

/// <summary>
/// Where alerts go, after Alertmanager: a tree of routes. An alert enters at the root (which matches everything) and
/// goes down to the first child whose matchers all match, and on from there; a child with <see cref="Continue"/> lets
/// the siblings after it match too. It is delivered by the deepest routes it reached. Children inherit what they leave
/// unset (channels, grouping, timings, escalation).
/// </summary>
public sealed record AlertRoute
{
    public string? Name { get; init; }
    public IReadOnlyList<TagFilter> Matchers { get; init; } = [];

    /// <summary>Channel ids the route delivers to.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>Labels that split alerts into notifications; one notification per distinct combination. "..." groups by every label.</summary>
    public IReadOnlyList<string>? GroupBy { get; init; }

    /// <summary>How long a new group waits for more alerts before its first notification.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? GroupWait { get; init; }

    /// <summary>How long after a notification a group waits before announcing what changed (new alerts, resolutions).</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? GroupInterval { get; init; }

    /// <summary>How long after a notification an unchanged, still firing group is announced again.</summary>
    [JsonConverter(typeof(NullableDurationJsonConverter))]
    public TimeSpan? RepeatInterval { get; init; }

    /// <summary>The name of the escalation policy for the alerts this route delivers.</summary>
    public string? Escalation { get; init; }

    public bool Continue { get; init; }

    public IReadOnlyList<AlertRoute> Routes { get; init; } = [];
}

/// <summary>A firing alert that matches <see cref="SourceMatchers"/> mutes alerts matching <see cref="TargetMatchers"/> that have the same values for the <see cref="Equal"/> labels.</summary>
public sealed record InhibitRule
{
    public IReadOnlyList<TagFilter> SourceMatchers { get; init; } = [];
    public IReadOnlyList<TagFilter> TargetMatchers { get; init; } = [];
    public IReadOnlyList<string> Equal { get; init; } = [];
}

/// <summary>What happens to a firing alert nobody acknowledges: each step, <see cref="EscalationStep.After"/> from when it fired, notifies again.</summary>
public sealed record EscalationPolicy
{
    public required string Name { get; init; }
    public IReadOnlyList<EscalationStep> Steps { get; init; } = [];
}

/// <summary>After <see cref="After"/> unacknowledged, notify <see cref="Channels"/>; empty re-notifies the route's own channels.</summary>
public sealed record EscalationStep
{
    [JsonConverter(typeof(DurationJsonConverter))]
    public TimeSpan After { get; init; }

    public IReadOnlyList<string> Channels { get; init; } = [];
}

/// <summary>The whole routing configuration, read and replaced as one document.</summary>
public sealed record AlertRoutingConfig
{
    public AlertRoute Root { get; init; } = new();
    public IReadOnlyList<InhibitRule> Inhibitions { get; init; } = [];
    public IReadOnlyList<EscalationPolicy> Escalations { get; init; } = [];
    public DateTimeOffset? UpdatedAt { get; init; }
}

public static class RouteDefaults
{
    public static readonly IReadOnlyList<string> GroupBy = [Evaluation.AlertTracker.AlertNameLabel];

    /// <summary>Short, so that with a 5 s evaluation interval breach to notification stays within 15 s.</summary>
    public static readonly TimeSpan GroupWait = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan GroupInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RepeatInterval = TimeSpan.FromHours(4);
    public const string GroupByAll = "...";
}

/// <summary>Like <see cref="DurationJsonConverter"/>, for optional durations.</summary>
public sealed class NullableDurationJsonConverter : JsonConverter<TimeSpan?>
{
    static readonly DurationJsonConverter Inner = new();

    public override bool HandleNull => true;

    public override TimeSpan? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.Null ? null : Inner.Read(ref reader, typeof(TimeSpan), options);

    public override void Write(System.Text.Json.Utf8JsonWriter writer, TimeSpan? value, System.Text.Json.JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v) Inner.Write(writer, v, options);
        else writer.WriteNullValue();
    }
}
