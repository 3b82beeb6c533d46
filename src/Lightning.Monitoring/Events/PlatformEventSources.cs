namespace Lightning.Monitoring.Events;

/// <summary>The <see cref="PlatformEventEntry.Source"/> names of the events the monitoring module stores itself.</summary>
public static class PlatformEventSources
{
    /// <summary>Posted through the API (CI/CD, the CLI).</summary>
    public const string Api = "api";

    /// <summary>Alert rules, channels, routing and silences changing.</summary>
    public const string Alerts = "alerts";

    /// <summary>API keys created or revoked.</summary>
    public const string Keys = "keys";

    public const string Collaboration = "collaboration";
}
