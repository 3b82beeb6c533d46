namespace Lightning.Testing.Generation;

/// <summary>
/// What a <see cref="TestGenerator"/> has found and judged so far, so that a generation stopped part-way (cancelled)
/// still tells what it did: <see cref="CancelledReport"/> turns it into a report. The generator fills it in as it goes;
/// read it only after <see cref="TestGenerator.GenerateAsync"/> has ended (it is not synchronized).
/// </summary>
public sealed class GenerationProgress
{
    /// <summary>The reason given to candidates the generation did not get to judge.</summary>
    public const string NotJudged = "not judged: the generation was cancelled before its filters reached it";

    internal GenerationLanguage? Language { get; set; }

    internal string? Framework { get; set; }

    internal IReadOnlyList<string> Targets { get; set; } = [];

    internal List<CodeAnalysis> Analyses { get; } = [];

    internal List<string> Notes { get; } = [];

    /// <summary>Every candidate written so far, in order (their first status: pending, or does not compile).</summary>
    internal List<TestCandidate> Candidates { get; } = [];

    /// <summary>The filters' verdicts so far, by candidate id; they replace <see cref="Candidates"/>' first status.</summary>
    internal Dictionary<string, TestCandidate>? Judged { get; set; }

    /// <summary>
    /// The report of a generation that was cancelled: the candidates already judged with their status and reason, the
    /// others pending (<see cref="NotJudged"/>), nothing kept unless coverage was measured for it, and
    /// <see cref="GenerationReport.Cancelled"/> set; null when the generation was cancelled before it knew its language.
    /// </summary>
    public GenerationReport? CancelledReport(string why)
    {
        if (Language is not { } language)
        {
            return null;
        }

        var candidates = Candidates.Select(candidate => Judged?.GetValueOrDefault(candidate.Id) ?? candidate)
            .Select(candidate => candidate.Status == CandidateStatus.Pending ? candidate with { Reason = NotJudged } : candidate).ToList();
        return new GenerationReport
        {
            Language = language,
            Framework = Framework ?? string.Empty,
            Targets = Targets,
            Analyses = [.. Analyses],
            Candidates = candidates,
            Notes = [.. Notes, why],
            Cancelled = true,
        };
    }
}
