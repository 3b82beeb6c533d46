using System.Globalization;
using System.Text.Json;

namespace Lightning.Git.Hosting.Webhooks;

/// <summary>Reads the fields the platform needs from GitHub's and GitLab's documented payloads.</summary>
internal static class WebhookPayload
{
    // GitHub objects whose updated_at is the time of the event that sent them.
    static readonly string[] GitHubEventObjects =
        ["pull_request", "issue", "comment", "review", "workflow_run", "workflow_job", "check_run", "check_suite", "release", "deployment_status", "deployment"];

    public static GitWebhookEvent Read(string provider, string deliveryId, string eventName, JsonElement root, DateTimeOffset receivedAt)
    {
        var gitHub = provider == WebhookReceiver.GitHub;
        var reference = Text(root, "ref");
        return new GitWebhookEvent
        {
            Provider = provider,
            DeliveryId = deliveryId,
            EventName = eventName,
            Repository = gitHub ? Text(root, "repository", "full_name") : Text(root, "project", "path_with_namespace"),
            Ref = reference,
            Branch = reference?.StartsWith("refs/heads/", StringComparison.Ordinal) == true ? reference["refs/heads/".Length..] : null,
            Tag = reference?.StartsWith("refs/tags/", StringComparison.Ordinal) == true ? reference["refs/tags/".Length..] : null,
            Before = Text(root, "before"),
            After = Text(root, "after"),
            Sender = gitHub ? Text(root, "sender", "login") : Text(root, "user_username") ?? Text(root, "user", "username"),
            Action = gitHub ? Text(root, "action") : Text(root, "object_attributes", "action"),
            OccurredAt = gitHub ? GitHubEventTime(eventName, root) : GitLabEventTime(root),
            ReceivedAt = receivedAt,
            Payload = root.Clone(),
        };
    }

    /// <summary>
    /// A push carries <c>repository.pushed_at</c> (Unix seconds) — the time of this push; other events carry their
    /// object's <c>updated_at</c>. Events with neither (ping, ...) have no event time.
    /// </summary>
    static DateTimeOffset? GitHubEventTime(string eventName, JsonElement root)
    {
        if (string.Equals(eventName, "push", StringComparison.Ordinal))
        {
            return Time(Property(root, "repository", "pushed_at"));
        }

        foreach (var name in GitHubEventObjects)
        {
            if (Time(Property(root, name, "updated_at")) is { } at)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>
    /// Merge request, issue, note, pipeline and job events carry <c>object_attributes.updated_at</c> (or
    /// <c>finished_at</c>/<c>created_at</c>). GitLab's push and tag push events carry no time of the push at all (the
    /// commits' timestamps are when they were written, not pushed), so they have no event time.
    /// </summary>
    static DateTimeOffset? GitLabEventTime(JsonElement root) =>
        Time(Property(root, "object_attributes", "updated_at"))
        ?? Time(Property(root, "object_attributes", "finished_at"))
        ?? Time(Property(root, "object_attributes", "created_at"))
        ?? Time(Property(root, "build_finished_at"))
        ?? Time(Property(root, "build_created_at"));

    static DateTimeOffset? Time(JsonElement? value)
    {
        if (value is not { } element)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } text)
        {
            return null;
        }

        // GitLab writes both ISO 8601 and "2013-12-03 17:23:34 UTC".
        if (text.EndsWith(" UTC", StringComparison.Ordinal)
            && DateTime.TryParseExact(text[..^4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var utc))
        {
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    static JsonElement? Property(JsonElement root, params string[] path)
    {
        var current = root;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    static string? Text(JsonElement root, params string[] path) =>
        Property(root, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
