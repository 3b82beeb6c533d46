namespace Lightning.Testing.Coverage.Goals;

/// <summary>
/// A minimum coverage for the files under a path glob (<c>src/**</c>, <c>**/*.py</c>, <c>lib/</c>): of all of them
/// together, or of each one when <see cref="PerFile"/>. Written <c>src/**: 80% lines</c>,
/// <c>src/**: 80% lines, 60% branches</c> or <c>src/**/*.go: 70% lines per file</c> (<see cref="CoverageGoals.Parse"/>).
/// </summary>
public sealed record CoverageGoal(string Path, CoverageMetric Metric, double Minimum)
{
    public bool PerFile { get; init; }

    public override string ToString() =>
        $"{Path}: {Minimum.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}% {Metric.ToString().ToLowerInvariant()}{(PerFile ? " per file" : string.Empty)}";
}
