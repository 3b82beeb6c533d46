using System.ComponentModel.DataAnnotations;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary>Limits of the live metric socket (<c>/api/v2/monitoring/live</c>), bound from <c>Lightning:Monitoring:Live</c>.</summary>
public sealed class LiveMonitoringOptions
{
    public const string SectionName = "Lightning:Monitoring:Live";

    /// <summary>Subscriptions one socket may hold at once (one per chart panel).</summary>
    [Range(1, 1000)] public int MaxSubscriptionsPerSocket { get; set; } = 50;

    /// <summary>A subscription is pushed at most this often (milliseconds).</summary>
    [Range(100, 60_000)] public int PushIntervalMs { get; set; } = 1000;

    /// <summary>A client that has not taken a message within this time is dropped, so it never holds anything up.</summary>
    [Range(1, 300)] public int SendTimeoutSeconds { get; set; } = 10;

    /// <summary>Most points per series in one push (the newest are kept); a snapshot follows the query's own limit.</summary>
    [Range(10, 1_000_000)] public int MaxPointsPerPush { get; set; } = 10_000;

    /// <summary>Largest client message, in bytes.</summary>
    [Range(256, 1_048_576)] public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Longest trailing window a subscription may ask for.</summary>
    [Range(1, 24 * 31)] public int MaxWindowHours { get; set; } = 7 * 24;
}
