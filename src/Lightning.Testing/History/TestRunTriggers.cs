namespace Lightning.Testing.History;

/// <summary>What started a run, as stored and shown.</summary>
public static class TestRunTriggers
{
    public const string Api = "api";
    public const string Cli = "cli";
    public const string Collaboration = "collaboration";

    /// <summary>An agent's tool call outside any collaboration.</summary>
    public const string Agent = "agent";
    public const string Import = "import";

    /// <summary>A save seen by <c>lightning test watch</c> (<see cref="Selection.Watch.TestWatchSession"/>).</summary>
    public const string Watch = "watch";
}
