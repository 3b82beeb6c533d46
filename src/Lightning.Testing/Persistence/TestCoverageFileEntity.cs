namespace Lightning.Testing.Persistence;

/// <summary>One file's coverage totals in a run (table <c>test_coverage_files</c>): what trends per project and file trees read without unpacking the report.</summary>
public sealed class TestCoverageFileEntity
{
    public required string RunId { get; set; }

    /// <summary>Relative to the run's directory, with forward slashes.</summary>
    public required string Path { get; set; }

    public int LinesCovered { get; set; }

    public int LinesTotal { get; set; }

    public int BranchesCovered { get; set; }

    public int BranchesTotal { get; set; }

    public int FunctionsCovered { get; set; }

    public int FunctionsTotal { get; set; }
}
