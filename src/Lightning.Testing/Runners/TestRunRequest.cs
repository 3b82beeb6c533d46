namespace Lightning.Testing.Runners;

/// <summary>
/// What to run. <see cref="Repository"/> is a directory inside the workspace; every test project detected in it runs
/// unless <see cref="Project"/> (a detected project's relative root) or <see cref="Framework"/> (a name or alias of
/// <see cref="Detection.TestFrameworks"/>) narrows it. <see cref="Tests"/> selects cases by id (as
/// <see cref="Results.TestCaseId"/> writes them) or by the framework's own selector; empty runs every test.
/// </summary>
public sealed record TestRunRequest
{
    public required string Repository { get; init; }

    public string? Project { get; init; }

    public string? Framework { get; init; }

    public IReadOnlyList<string> Tests { get; init; } = [];

    /// <summary>Per project; the runner's configured default when null. When it passes, the process tree is killed.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Failed cases are run again up to this many times; every run is kept as an attempt.</summary>
    public int Retries { get; init; }
}
