using Lightning.Core.Errors;

namespace Lightning.Monitoring.Analysis.RootCause;

/// <summary>How far around an alert's onset causes are looked for, and how much each kind of event weighs.</summary>
public sealed record RootCauseSettings
{
    public static RootCauseSettings Default { get; } = new();

    /// <summary>Events and series changes this long before the onset are considered.</summary>
    public TimeSpan Before { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>...and this long after it (clocks differ, and alerts fire on the first bad sample already).</summary>
    public TimeSpan After { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Prior weight of an event by kind (a deployment explains more alerts than a collaboration starting).</summary>
    public IReadOnlyDictionary<string, double> KindWeights { get; init; } = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase)
    {
        [PlatformEventKinds.Deployment] = 1.0,
        [PlatformEventKinds.ConfigChange] = 0.9,
        [PlatformEventKinds.Rollback] = 0.8,
        [PlatformEventKinds.Restart] = 0.7,
        [PlatformEventKinds.Collaboration] = 0.5,
    };

    /// <summary>Weight of a kind not in <see cref="KindWeights"/>.</summary>
    public double OtherKindWeight { get; init; } = 0.4;

    /// <summary>A series change must be at least this many noise σ to count.</summary>
    public double MinShiftSigmas { get; init; } = 3;

    public RootCauseSettings Validate()
    {
        if (Before <= TimeSpan.Zero || After < TimeSpan.Zero) throw new ValidationFailedException("The root-cause window must be positive.");
        if (MinShiftSigmas <= 0) throw new ValidationFailedException("The minimum shift must be positive.");
        return this;
    }
}
