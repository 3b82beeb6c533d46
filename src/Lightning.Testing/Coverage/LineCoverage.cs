using System.Text.Json.Serialization;

namespace Lightning.Testing.Coverage;

/// <summary>
/// One executable line of a file. <see cref="Hits"/> is how often it ran where the tool counts (istanbul, Go count
/// mode, coverlet, SimpleCov, PHPUnit), else 1 or 0 (coverage.py, JaCoCo, Go set mode).
/// </summary>
/// <param name="Number">1-based.</param>
public sealed record LineCoverage(int Number, long Hits)
{
    /// <summary>Branches that start on this line (the outcomes of its conditions); 0 when it has none or the tool does not tell.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int BranchesTotal { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int BranchesCovered { get; init; }

    /// <summary>
    /// Hits per branch in the tool's order, where the report gives them one by one (LCOV, SimpleCov, coverage.py arcs,
    /// Clover); null where it only gives counts (Cobertura, JaCoCo). With it, a merge adds branches exactly.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long>? BranchHits { get; init; }

    /// <summary>
    /// The tests (coverage.py contexts, e.g. <c>tests.test_calc.test_add</c> or pytest-cov's
    /// <c>tests/test_calc.py::test_add|run</c>) that ran this line, when the report records them; empty otherwise.
    /// </summary>
    public IReadOnlyList<string> Contexts { get; init; } = [];

    // Derived: left out of JSON, where a report holds many lines.
    [JsonIgnore]
    public bool Covered => Hits > 0;

    /// <summary>Some but not all of the line's branches ran.</summary>
    [JsonIgnore]
    public bool PartiallyCovered => BranchesTotal > 0 && BranchesCovered < BranchesTotal && (Hits > 0 || BranchesCovered > 0);

    /// <summary>A line with branch hits given one by one.</summary>
    public static LineCoverage WithBranches(int number, long hits, IReadOnlyList<long> branchHits)
    {
        ArgumentNullException.ThrowIfNull(branchHits);
        return new LineCoverage(number, hits)
        {
            BranchHits = branchHits,
            BranchesTotal = branchHits.Count,
            BranchesCovered = branchHits.Count(branch => branch > 0),
        };
    }
}
