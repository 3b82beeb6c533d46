namespace Lightning.Git.Hosting.Webhooks;

public enum WebhookOutcome
{
    /// <summary>Authenticated, new, handed to the sinks (200).</summary>
    Accepted,
    /// <summary>A delivery id already handled: answered 200 so the provider stops resending, and not handled again.</summary>
    Duplicate,
    /// <summary>Unsigned, badly signed (401), malformed or stale (400), or the same delivery still being handled (409).</summary>
    Rejected,
    /// <summary>A sink failed (500): not recorded as seen, so a redelivery is handled afresh.</summary>
    Failed,
}
