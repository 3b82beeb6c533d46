using Lightning.Core.Workspaces;

namespace Lightning.Testing.Generation;

/// <summary>
/// What to generate tests for: <see cref="Repository"/> is the project directory inside <see cref="Workspace"/>;
/// <see cref="File"/> (relative to it) narrows to one source file, else every source file of the language is analysed.
/// <see cref="Language"/> is taken from the file's extension, or from the project's test framework, when not given.
/// </summary>
public sealed record TestGenerationRequest
{
    public required Workspace Workspace { get; init; }

    public required string Repository { get; init; }

    public string? File { get; init; }

    public string? Language { get; init; }

    /// <summary>Candidates to try; the configured default when null.</summary>
    public int? Max { get; init; }

    /// <summary>False: characterisation only, even when a chat model is configured.</summary>
    public bool UseModel { get; init; } = true;

    /// <summary>Filled in as the generation goes, for a report of what was done when it is cancelled.</summary>
    public GenerationProgress? Progress { get; init; }
}
