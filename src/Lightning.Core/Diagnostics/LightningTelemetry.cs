using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Lightning.Core.Diagnostics;

/// <summary>The platform's own activity source and meter; every module traces and counts through these names.</summary>
public static class LightningTelemetry
{
    public const string Name = "Lightning";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);
}
