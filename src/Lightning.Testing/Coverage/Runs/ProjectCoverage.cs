namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// What one project's run measured when coverage was asked for: the report with paths relative to the run's directory,
/// or why there is none (<see cref="Unavailable"/>: the tool to install, a framework without a collector, a report the
/// tool did not write). Coverage never costs a project its test results: an unavailable collector only sets this.
/// </summary>
public sealed record ProjectCoverage(CoverageReport? Report, string? Unavailable)
{
    /// <summary>Report paths under the repository whose file is missing (kept in the report).</summary>
    public IReadOnlyList<string> NotFound { get; init; } = [];

    /// <summary>Report paths outside the repository (dropped: a dependency, the standard library).</summary>
    public IReadOnlyList<string> Outside { get; init; } = [];

    public static ProjectCoverage Missing(string why) => new(null, why);
}
