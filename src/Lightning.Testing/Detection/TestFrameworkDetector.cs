using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.Testing.Detection.Rules;
using Lightning.Testing.Detection.Toolchains;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Detection;

/// <summary>
/// Finds every test project in a repository (monorepos included) and says, per project, which framework, why (the files
/// that said so), which test files, and the command that runs them. The repository is confined to a workspace: a path
/// that leads out of it, by <c>..</c>, an absolute path or a symbolic link, is refused before anything is read, and the
/// walk never follows a link.
/// </summary>
public sealed class TestFrameworkDetector(IOptions<TestDetectionOptions> options, IOptions<TestToolchainOptions> toolchains)
{
    readonly TestDetectionOptions _options = options.Value;
    readonly IDetectionRule[] _rules =
    [
        new PytestRule(),
        new NodeRule(),
        new GoRule(),
        new JUnitRule(toolchains.Value.JUnitConsoleJar),
        new RspecRule(),
        new PhpUnitRule(),
        new DotnetRule(),
    ];

    /// <summary>Detects the test projects under <paramref name="repositoryPath"/> (relative to the workspace, or absolute inside it).</summary>
    /// <exception cref="LightningException"><c>workspace.path_rejected</c> for a path outside the workspace;
    /// <c>testing.repository_not_found</c> when it is not a directory.</exception>
    public Task<TestDetectionReport> DetectAsync(Workspace workspace, string repositoryPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var root = Path.TrimEndingDirectorySeparator(workspace.Resolve(repositoryPath));
        if (!Directory.Exists(root))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found",
                File.Exists(root) ? $"'{repositoryPath}' is a file, not a repository directory." : $"'{repositoryPath}' does not exist in the workspace.");
        }

        return Task.Run(() => Detect(workspace, root, cancellationToken), cancellationToken);
    }

    TestDetectionReport Detect(Workspace workspace, string root, CancellationToken cancellationToken)
    {
        var tree = RepositoryTree.Walk(workspace, root, _options, cancellationToken);
        var projects = new List<DetectedTestProject>();
        foreach (var rule in _rules)
        {
            cancellationToken.ThrowIfCancellationRequested();
            projects.AddRange(rule.Detect(tree));
        }

        projects.Sort(static (a, b) =>
        {
            var byRoot = string.CompareOrdinal(a.Root, b.Root);
            return byRoot != 0 ? byRoot : a.Framework.CompareTo(b.Framework);
        });
        return new TestDetectionReport(workspace.Relative(root), root, projects, tree.Files.Count, tree.Truncated, [.. tree.Warnings]);
    }
}
