using System.Text.Json;

namespace Lightning.Testing.Notifications;

/// <summary>What about a recorded run a rule can be told of.</summary>
public enum NotificationEvent
{
    /// <summary>A test failed or errored, or a suite failed outside its tests.</summary>
    Failed,

    /// <summary>The run could not run or report (no project, a missing toolchain, a crash).</summary>
    Errored,

    TimedOut,

    /// <summary>The first passing run after a failed, errored or timed-out one of the same repository and scope.</summary>
    Recovered,

    /// <summary>A run with tests that failed then passed on a retry.</summary>
    FlakyFound,

    /// <summary>A sample sent by <c>POST /notifications/rules/{id}/test</c>; never matched by rules.</summary>
    Test,
}

public static class NotificationEvents
{
    /// <summary>The events a rule may list (not <see cref="NotificationEvent.Test"/>).</summary>
    public static readonly IReadOnlyList<NotificationEvent> Subscribable =
        [NotificationEvent.Failed, NotificationEvent.Errored, NotificationEvent.TimedOut, NotificationEvent.Recovered, NotificationEvent.FlakyFound];

    /// <summary>The name the API and the payload use: <c>timed-out</c>, <c>flaky-found</c>.</summary>
    public static string ToName(this NotificationEvent value) => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    public static NotificationEvent? Parse(string? text)
    {
        var normalised = text?.Trim().Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        return Subscribable.Cast<NotificationEvent?>().FirstOrDefault(e => string.Equals(e!.Value.ToString(), normalised, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Stored as one comma-separated column: <c>failed,timed-out</c>.</summary>
    public static string Join(IEnumerable<NotificationEvent> events) => string.Join(',', events.Distinct().Order().Select(ToName));

    public static IReadOnlyList<NotificationEvent> Split(string stored) =>
        [.. stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<NotificationEvent>()];
}
