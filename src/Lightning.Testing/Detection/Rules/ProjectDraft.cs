namespace Lightning.Testing.Detection.Rules;

/// <summary>A project being detected: evidence gathers here (each reason once) until the rule knows enough to build it.</summary>
internal sealed class ProjectDraft(TestFramework framework, string root)
{
    public TestFramework Framework { get; } = framework;

    /// <summary>Repository-relative, <c>""</c> for the repository root.</summary>
    public string Root { get; } = root;

    public List<DetectionEvidence> Evidence { get; } = [];

    public void Add(string file, string reason)
    {
        if (!Evidence.Exists(item => item.File == file && item.Reason == reason))
        {
            Evidence.Add(new DetectionEvidence(file, reason));
        }
    }

    public DetectedTestProject Build(
        string language,
        string? variant,
        IReadOnlyList<string> globs,
        int testFileCount,
        IReadOnlyList<string> command,
        IReadOnlyList<IReadOnlyList<string>>? preparation = null,
        IReadOnlyList<string>? sourceDirectories = null,
        IReadOnlyList<string>? testDirectories = null)
    {
        var info = TestFrameworks.Info(Framework);
        return new DetectedTestProject(
            Framework,
            info.Name,
            RepositoryTree.Display(Root),
            language,
            variant,
            info.Supported,
            info.Supported ? null : TestFrameworks.NotSupportedNote(Framework),
            [.. Evidence],
            globs,
            testFileCount,
            sourceDirectories ?? [],
            testDirectories ?? [],
            info.Supported ? preparation ?? [] : [],
            info.Supported ? command : []);
    }
}
