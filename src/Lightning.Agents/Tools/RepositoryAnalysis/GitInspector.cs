using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Core.Processes;

namespace Lightning.Agents.Tools.RepositoryAnalysis;

/// <summary>
/// Asks git for the branch and HEAD commit of a directory that has its own <c>.git</c> directory. git runs with an
/// argument list, pinned to that <c>.git</c> (so it never finds a repository above the workspace), with the repository's
/// fsmonitor hook off (so a cloned repository's configuration runs nothing). A missing or failing git leaves the fields out.
/// </summary>
internal sealed partial class GitInspector(IProcessRunner processes)
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public async Task<GitSummary> InspectAsync(string directory, CancellationToken cancellationToken)
    {
        var dotGit = Path.Combine(directory, ".git");
        FileSystemInfo? entry = Directory.Exists(dotGit) ? new DirectoryInfo(dotGit) : File.Exists(dotGit) ? new FileInfo(dotGit) : null;
        if (entry is null)
        {
            return new GitSummary(false);
        }

        // A .git file (worktree, submodule) or link points at a git directory elsewhere, perhaps outside the workspace: not read.
        if (entry is not DirectoryInfo || entry.LinkTarget is not null)
        {
            return new GitSummary(true);
        }

        var branch = await RunAsync(directory, dotGit, ["symbolic-ref", "--quiet", "--short", "HEAD"], cancellationToken);
        var commit = await RunAsync(directory, dotGit, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken);
        return new GitSummary(
            true,
            string.IsNullOrWhiteSpace(branch) ? null : branch,
            commit is not null && CommitId().IsMatch(commit) ? commit : null);
    }

    async Task<string?> RunAsync(string directory, string gitDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var spec = new ProcessSpec("git", ["-c", "core.fsmonitor=false", .. arguments])
        {
            WorkingDirectory = directory,
            Timeout = Timeout,
            MaxOutputBytes = 64 * 1024,
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GIT_DIR"] = gitDirectory,
                ["GIT_WORK_TREE"] = directory,
                ["GIT_CEILING_DIRECTORIES"] = Path.GetDirectoryName(directory) ?? directory,
                ["GIT_TERMINAL_PROMPT"] = "0",
                ["GIT_OPTIONAL_LOCKS"] = "0",
                ["LC_ALL"] = "C",
            },
        };
        try
        {
            var result = await processes.RunAsync(spec, null, cancellationToken);
            return result.Succeeded ? result.Output.Trim() : null;
        }
        catch (LightningException)
        {
            return null; // git is not installed
        }
    }

    [GeneratedRegex("^[0-9a-f]{40}([0-9a-f]{24})?$")]
    private static partial Regex CommitId();
}
