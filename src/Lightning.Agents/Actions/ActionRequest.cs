namespace Lightning.Agents.Actions;

/// <summary>
/// What a user asks an agent to do. <see cref="Command"/> is an argument list: the first item is the program,
/// the rest are passed to it verbatim, never through a shell.
/// </summary>
public sealed record ActionRequest(
    string? Agent,
    ActionKind? Kind,
    IReadOnlyList<string>? Command = null,
    string? Path = null,
    string? Content = null,
    bool Recursive = false,
    string? Prompt = null,
    string? WorkingDirectory = null,
    int? TimeoutSeconds = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? Collaboration = null);
