namespace Lightning.Testing.Detection;

/// <summary>What the platform knows about a framework: its name as users type it, and whether it runs here.</summary>
/// <param name="Name">The stable name, as in the API and the CLI: <c>pytest</c>, <c>go-test</c>, <c>junit5</c>.</param>
/// <param name="Aliases">Other names a user may type (<c>go</c>, <c>junit</c>, <c>xunit</c>).</param>
public sealed record TestFrameworkInfo(
    TestFramework Framework,
    string Name,
    string DisplayName,
    string Language,
    bool Supported,
    IReadOnlyList<string> Aliases);
