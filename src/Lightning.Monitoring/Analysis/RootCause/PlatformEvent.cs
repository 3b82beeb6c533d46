namespace Lightning.Monitoring.Analysis.RootCause;

/// <summary>
/// Something the platform did that may explain a change in a metric: a deployment, a collaboration, a configuration
/// change, a rollback. <paramref name="Kind"/> is free text; the well-known kinds are in <see cref="PlatformEventKinds"/>.
/// </summary>
public sealed record PlatformEvent(DateTimeOffset At, string Kind, string Title, IReadOnlyDictionary<string, string> Labels);

public static class PlatformEventKinds
{
    public const string Deployment = "deployment";
    public const string ConfigChange = "config-change";
    public const string Rollback = "rollback";
    public const string Collaboration = "collaboration";
    public const string Restart = "restart";
}
