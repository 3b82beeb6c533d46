namespace Lightning.Testing.Runners;

/// <summary>The orders a run may take its tests in: the framework's own (the default), or <see cref="Smart"/>.</summary>
public static class TestRunOrder
{
    /// <summary>Recently failed and failure-prone tests first, then the fastest (<see cref="Optimization.SmartOrder"/>).</summary>
    public const string Smart = "smart";

    public const string Default = "default";

    /// <summary>"smart" or "default" (any case; null and blank are the default); null for anything else.</summary>
    public static string? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or Default => null,
        Smart => Smart,
        _ => throw new ArgumentException($"'{value}' is not an order: use 'smart' or 'default'.", nameof(value)),
    };

    public static bool IsValid(string? value) => value is null || value.Trim().ToLowerInvariant() is "" or Default or Smart;
}

/// <summary>A test in the order a run should take it: its project's root, its case id (as reports write it), its file when known.</summary>
public sealed record OrderedRunTest(string Project, string Id, string? File)
{
    /// <summary>It failed in its latest run or failed at all in the history window: the tests a split run (dotnet) runs first.</summary>
    public bool FailureProne { get; init; }
}
