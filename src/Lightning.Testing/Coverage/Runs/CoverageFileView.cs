using System.Text.Json.Serialization;

namespace Lightning.Testing.Coverage.Runs;

/// <summary>
/// One file of a run's coverage for a source view: every line of the source with its text and state, the file's
/// functions, and where the source came from (<see cref="Source"/>).
/// </summary>
public sealed record CoverageFileView(
    string RunId,
    string Path,
    CoverageTotals Totals,
    CoverageSourceView Source,
    IReadOnlyList<CoverageLineView> Lines,
    IReadOnlyList<FunctionCoverage> Functions);

/// <summary>
/// Where a file's text came from: <c>commit</c> (the run's commit, through <c>git show</c>), <c>working-tree</c> (the file
/// as it is now), or <c>none</c> (not readable: lines then have no text). <see cref="ChangedSince"/> says whether the
/// file on disk differs from what the run measured (null when unknown).
/// </summary>
public sealed record CoverageSourceView(string Origin, string? CommitSha, bool? ChangedSince, string? Note)
{
    public const string Commit = "commit";
    public const string WorkingTree = "working-tree";
    public const string None = "none";
}

/// <summary>
/// A source line: <see cref="State"/> is <c>covered</c>, <c>partial</c> (some branches did not run), <c>missed</c>, or
/// <c>not-code</c> (nothing to measure: blank, comment, declaration), with the hits and branches the tool counted.
/// </summary>
public sealed record CoverageLineView(int Number, string? Text, string State, long? Hits)
{
    public const string Covered = "covered";
    public const string Partial = "partial";
    public const string Missed = "missed";
    public const string NotCode = "not-code";

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int BranchesTotal { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int BranchesCovered { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? BranchHits { get; init; }

    public static CoverageLineView From(int number, string? text, LineCoverage? line) => line is null
        ? new CoverageLineView(number, text, NotCode, null)
        : new CoverageLineView(number, text, line.PartiallyCovered ? Partial : line.Covered ? Covered : Missed, line.Hits)
        {
            BranchesTotal = line.BranchesTotal,
            BranchesCovered = line.BranchesCovered,
            BranchHits = line.BranchHits,
        };
}
