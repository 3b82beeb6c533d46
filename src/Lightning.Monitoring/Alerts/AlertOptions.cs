using System.ComponentModel.DataAnnotations;

namespace Lightning.Monitoring.Alerts;

/// <summary><c>Lightning:Monitoring:Alerts</c>: the evaluation loop and deliveries.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Lightning:Monitoring:Alerts";

    /// <summary>Run the evaluation and notification loop in this process (the server does by default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the loop wakes to evaluate due rules and dispatch notifications.</summary>
    [Range(100, 60_000)]
    public int TickMilliseconds { get; set; } = 1000;

    /// <summary>Attempts per delivery (the first included) before it is recorded as failed.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>The wait before the second attempt; it doubles for each next one.</summary>
    [Range(0, 60_000)]
    public int RetryDelayMilliseconds { get; set; } = 1000;

    /// <summary>The time one attempt may take.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>The longest range a backtest replays, in days.</summary>
    [Range(1, 366)]
    public int MaxBacktestDays { get; set; } = 31;
}
