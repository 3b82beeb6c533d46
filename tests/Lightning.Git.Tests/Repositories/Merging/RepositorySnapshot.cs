using Lightning.TestUtilities;
using System.Text;

namespace Lightning.Git.Tests.Repositories.Merging;

/// <summary>
/// Everything a refused or aborted operation must leave as it was: HEAD, every ref, the index with its stages, the
/// status, git's operation markers and the bytes of every worktree file.
/// </summary>
internal sealed record RepositorySnapshot(string Head, string Refs, string Index, string Status, string Markers, string Files)
{
    static readonly string[] MarkerNames = ["MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "sequencer", "rebase-merge", "rebase-apply"];

    public static RepositorySnapshot Capture(GitTestRepository repository)
    {
        var gitDirectory = Path.Combine(repository.Path, ".git");
        var files = new StringBuilder();
        foreach (var file in Directory.EnumerateFiles(repository.Path, "*", SearchOption.AllDirectories)
                     .Where(f => !f.StartsWith(gitDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            files.Append(Path.GetRelativePath(repository.Path, file)).Append('=').Append(Convert.ToHexString(File.ReadAllBytes(file))).Append('\n');
        }

        return new RepositorySnapshot(
            repository.Git("rev-parse", "--symbolic-full-name", "HEAD") + repository.Git("rev-parse", "HEAD"),
            repository.Git("for-each-ref", "--format=%(refname) %(objectname)"),
            repository.Git("ls-files", "--stage"),
            repository.Git("status", "--porcelain=v1", "--untracked-files=all", "--ignored"),
            string.Join(",", MarkerNames.Where(name => Path.Exists(Path.Combine(gitDirectory, name)))),
            files.ToString());
    }
}
