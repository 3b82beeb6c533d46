namespace Lightning.Monitoring.Analysis.Resources;

/// <summary>The USE method's three questions about a resource.</summary>
public enum UseDimension
{
    Utilisation,
    Saturation,
    Errors,
}

public enum BottleneckSeverity
{
    Warning,
    Critical,
}

/// <summary>One finding: which resource, which USE dimension, how bad, the figure against its threshold, and what it means.</summary>
public sealed record Bottleneck(string Resource, UseDimension Dimension, BottleneckSeverity Severity, double Value, double Threshold, string Explanation);
