namespace Lightning.Testing.Persistence;

/// <summary>
/// The complete result model of a run (every project's <see cref="Results.TestRun"/>, output and stacks included) as
/// gzip-compressed JSON (table <c>test_run_details</c>): what exports and the full detail view read.
/// </summary>
public sealed class TestRunDetailEntity
{
    public required string RunId { get; set; }

    public required byte[] Data { get; set; }

    /// <summary>Size of the JSON before compression, for the curious and for limits.</summary>
    public long Length { get; set; }
}
