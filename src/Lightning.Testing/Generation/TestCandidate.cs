namespace Lightning.Testing.Generation;

/// <summary>
/// A generated test: <see cref="Code"/> is one test (a pytest function, a Jest <c>test(...)</c>), <see cref="Imports"/>
/// the lines it needs at the top of its file. <see cref="Status"/> says how far it got through the filters
/// (compiles, passes 5 runs out of 5, adds coverage) and <see cref="Reason"/> why it stopped.
/// </summary>
public sealed record TestCandidate
{
    public required string Id { get; init; }

    public required CandidateOrigin Origin { get; init; }

    /// <summary>The source file under test, relative to the repository.</summary>
    public required string Target { get; init; }

    /// <summary>The function or method it tests (<c>Stack.pop</c>); null when a model did not say.</summary>
    public string? Function { get; init; }

    /// <summary>The test's name as its framework reports it (pytest function name, Jest title).</summary>
    public required string Name { get; init; }

    public required string Code { get; init; }

    public IReadOnlyList<string> Imports { get; init; } = [];

    public CandidateStatus Status { get; init; } = CandidateStatus.Pending;

    public string? Reason { get; init; }

    /// <summary>Runs out of 5 that passed; null when it did not get that far.</summary>
    public int? Passes { get; init; }

    /// <summary>Target lines it covers that the existing tests and the candidates kept before it do not. A candidate adds coverage when it adds a line or a branch.</summary>
    public IReadOnlyList<int> AddedLines { get; init; } = [];

    /// <summary>Branches of the target it takes that were not taken before (where the coverage report counts branches one by one: LCOV).</summary>
    public int AddedBranches { get; init; }
}

public enum CandidateOrigin
{
    /// <summary>Written from the code's observed behaviour on generated inputs.</summary>
    Characterisation,

    /// <summary>Written by a chat model from the code and the existing tests.</summary>
    Model,
}

/// <summary>Where a candidate stands. Kept candidates await review: <see cref="Accepted"/> once written into the repository.</summary>
public enum CandidateStatus
{
    Pending,
    FailedToCompile,
    FailedRuns,
    NoCoverageGain,
    Kept,
    Accepted,
    Rejected,
}
