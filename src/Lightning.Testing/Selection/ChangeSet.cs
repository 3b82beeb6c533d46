namespace Lightning.Testing.Selection;

/// <summary>
/// What changed in a repository, and against what: <see cref="Base"/> and <see cref="Head"/> are commit ids (Head null
/// for the working tree, Base null when the repository has no commit yet or the changes came from a watcher).
/// </summary>
public sealed record ChangeSet(string Source, IReadOnlyList<ChangedFile> Files)
{
    public const string WorkingTree = "working-tree";
    public const string Commits = "commits";
    public const string Watcher = "watcher";

    public string? Base { get; init; }

    public string? Head { get; init; }

    /// <summary>How the base and head were named (<c>main</c>, <c>HEAD~3</c>), for messages.</summary>
    public string? BaseName { get; init; }

    public string? HeadName { get; init; }

    public string Describe() => Source switch
    {
        WorkingTree => $"working tree against {BaseName ?? "HEAD"}",
        Commits => $"{BaseName ?? Base}..{HeadName ?? Head}",
        _ => "saved files",
    };
}
