using Lightning.Core.Errors;
using LibGit2Sharp;

namespace Lightning.Git.Repositories;

public sealed partial class GitRepositoryService
{
    static readonly GitCliRequest Answer01 = new() { AcceptedExitCodes = [0, 1] };

    /// <summary>The repository root for a CLI write; checked first so git never runs against a parent repository.</summary>
    static string RequireRepository(string repositoryPath)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        if (!Repository.IsValid(root))
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: '{root}'.");
        }

        return root;
    }

    /// <summary>A branch name git accepts (<c>git check-ref-format</c>), not read as an option or as <c>HEAD</c>.</summary>
    async Task<string> ValidBranchNameAsync(string workingDirectory, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('-') || string.Equals(name, "HEAD", StringComparison.Ordinal)
            || !await IsValidRefAsync(workingDirectory, "refs/heads/" + name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref_name", $"'{name}' is not a valid branch name.");
        }

        return name;
    }

    async Task<string> ValidTagNameAsync(string workingDirectory, string name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('-')
            || !await IsValidRefAsync(workingDirectory, "refs/tags/" + name, cancellationToken))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref_name", $"'{name}' is not a valid tag name.");
        }

        return name;
    }

    async Task<bool> IsValidRefAsync(string workingDirectory, string fullName, CancellationToken cancellationToken)
    {
        if (fullName.Any(char.IsControl))
        {
            return false;
        }

        var result = await _git.RunAsync(workingDirectory, ["check-ref-format", fullName], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = [0, 1, 128] });
        return result.ExitCode == 0;
    }

    async Task<bool> RefExistsAsync(string root, string fullName, CancellationToken cancellationToken) =>
        (await _git.RunAsync(root, ["show-ref", "--verify", "--quiet", fullName], cancellationToken, Answer01)).ExitCode == 0;

    /// <summary>The sha of the commit a revision names, or <c>git.unknown_ref</c>.</summary>
    async Task<string> CommitShaAsync(string root, string revision, CancellationToken cancellationToken)
    {
        var spec = RepositoryPaths.Revision(revision);
        var result = await _git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", spec + "^{commit}"],
            cancellationToken, Answer01);
        return result.ExitCode == 0
            ? result.StandardOutput.Trim()
            : throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"Unknown reference '{spec}'.");
    }
}
