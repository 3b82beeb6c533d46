namespace Lightning.Testing.Coverage.Collectors;

/// <summary>A command (argument list) to run before or after the tests; in <see cref="WorkingDirectory"/>, else in the project's directory.</summary>
public sealed record CoverageStep(IReadOnlyList<string> Command)
{
    public string? WorkingDirectory { get; init; }
}
