namespace Lightning.Testing.Selection.Watch;

/// <summary>How <see cref="TestWatchSession"/> runs: the repository, the selection mode, and whether the first run is skipped.</summary>
public sealed record TestWatchOptions(string Directory)
{
    public SelectionMode Mode { get; init; } = SelectionMode.Safe;

    public double Confidence { get; init; } = SelectionRequest.DefaultConfidence;

    /// <summary>Skip the first run of everything: run only what saves select.</summary>
    public bool ChangedOnly { get; init; }

    /// <summary>Per run; the runner's default when null.</summary>
    public TimeSpan? Timeout { get; init; }

    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>The repository name under which each run is recorded in history (<c>trigger: watch</c>); null records nothing.</summary>
    public string? RecordAs { get; init; }
}
