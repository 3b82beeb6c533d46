namespace Lightning.Testing.Generation;

/// <summary>
/// The outcome of one generation: how many candidates were tried and how many passed each filter, in order
/// (compiled, passed 5 of 5, added coverage), every candidate with its status and the reason it was rejected, and the
/// line coverage of the targets before and after the kept candidates.
/// </summary>
public sealed record GenerationReport
{
    public required GenerationLanguage Language { get; init; }

    public required string Framework { get; init; }

    /// <summary>The analysed files, relative to the repository.</summary>
    public required IReadOnlyList<string> Targets { get; init; }

    public IReadOnlyList<CodeAnalysis> Analyses { get; init; } = [];

    public required IReadOnlyList<TestCandidate> Candidates { get; init; }

    public int Tried => Candidates.Count;

    public int Compiled => Candidates.Count(c => c.Status is not (CandidateStatus.Pending or CandidateStatus.FailedToCompile));

    public int PassedRuns => Candidates.Count(c => c.Status is CandidateStatus.NoCoverageGain or CandidateStatus.Kept or CandidateStatus.Accepted or CandidateStatus.Rejected);

    public int AddedCoverage => Candidates.Count(c => c.Status is CandidateStatus.Kept or CandidateStatus.Accepted or CandidateStatus.Rejected);

    /// <summary>Target lines covered by the existing tests, and with the kept candidates; of <see cref="CoverableLines"/>.</summary>
    public int CoveredBefore { get; init; }

    public int CoveredAfter { get; init; }

    public int CoverableLines { get; init; }

    /// <summary>Whether a chat model wrote candidates besides the characterisation ones.</summary>
    public bool ModelUsed { get; init; }

    /// <summary>What was left out and why: a function that needs an instance it cannot build, a model answer that was not JSON.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The generation was cancelled part-way: the candidates it judged keep their verdicts, the others are pending, and
    /// the coverage figures are zero (they are measured last).
    /// </summary>
    public bool Cancelled { get; init; }

    /// <summary>Where the kept candidates would be written, relative to the repository.</summary>
    public IReadOnlyList<string> TestFiles { get; init; } = [];
}
