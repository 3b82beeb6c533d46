using System.Diagnostics;
using System.Runtime.CompilerServices;
using Lightning.Core.Errors;
using LibGit2Sharp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Lightning.Git.Repositories;

/// <summary>
/// Everyday operations on a repository given by its absolute path: reads in process through LibGit2Sharp (one
/// <see cref="Repository"/> per call) except long logs and diffs between commits, which git answers faster
/// (<see cref="GitCliReader"/>; the figures are in GitRepositoryService.Backends.cs); writes and network operations
/// through the git program (<see cref="GitCli"/>).
/// Bad input fails with a <see cref="LightningException"/> before anything is changed.
/// </summary>
public sealed partial class GitRepositoryService(GitCli git, IOptions<GitOptions> options, ILogger<GitRepositoryService> logger)
{
    readonly GitCli _git = git;
    readonly GitCliReader _cliReader = new(git);
    readonly GitOptions _options = options.Value;
    readonly ILogger _logger = logger;

    /// <summary>Opens the repository for one read; a path that is not a repository root becomes <c>git.not_a_repository</c>.</summary>
    static Repository Open(string root)
    {
        try
        {
            return new Repository(root);
        }
        catch (RepositoryNotFoundException ex)
        {
            throw new LightningException(ErrorKind.Invalid, "git.not_a_repository", $"Not a git repository: '{root}'.", ex);
        }
    }

    /// <summary>Runs a LibGit2Sharp read off the caller's thread; libgit2 failures on bad references become <c>git.unknown_ref</c>.</summary>
    Task<T> ReadAsync<T>(string repositoryPath, Func<Repository, string, T> read, CancellationToken cancellationToken,
        [CallerMemberName] string operation = "")
    {
        var root = RepositoryPaths.Root(repositoryPath);
        return Task.Run(() =>
        {
            var started = Stopwatch.GetTimestamp();
            using var repository = Open(root);
            try
            {
                var result = read(repository, root);
                Log.ReadFinished(_logger, operation, root, Stopwatch.GetElapsedTime(started));
                return result;
            }
            catch (LightningException)
            {
                throw;
            }
            catch (BareRepositoryException ex)
            {
                throw new LightningException(ErrorKind.Invalid, "git.bare_repository", $"'{root}' is a bare repository; this needs a worktree.", ex);
            }
            catch (Exception ex) when (ex is NotFoundException or AmbiguousSpecificationException or InvalidSpecificationException
                                           or UnbornBranchException)
            {
                throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"Unknown reference: {ex.Message}", ex);
            }
        }, cancellationToken);
    }

    /// <summary>The commit a revision names (peeling tags); <c>git.unknown_ref</c> when there is none.</summary>
    static Commit Resolve(Repository repository, string revision)
    {
        var spec = RepositoryPaths.Revision(revision);
        GitObject? found;
        try
        {
            found = repository.Lookup(spec);
        }
        catch (LibGit2SharpException ex)
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"Unknown reference '{spec}': {ex.Message}", ex);
        }

        try
        {
            return found?.Peel<Commit>() ?? throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"Unknown reference '{spec}'.");
        }
        catch (LibGit2SharpException ex)
        {
            throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"'{spec}' does not name a commit: {ex.Message}", ex);
        }
    }

    static GitCommit ToCommit(Commit commit)
    {
        var author = commit.Author;
        var committer = commit.Committer;
        var (subject, body, message) = CommitMessages.Split(commit.Message);
        var parents = new List<string>(2);
        foreach (var parent in commit.Parents)
        {
            parents.Add(parent.Sha);
        }

        return new GitCommit(commit.Sha, parents, author.Name, author.Email, author.When,
            committer.Name, committer.Email, committer.When, subject, body, message);
    }

    static partial class Log
    {
        [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Initialised repository {Path} on {Branch}")]
        public static partial void Initialised(ILogger logger, string path, string branch);

        [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Cloned {Source} into {Target}")]
        public static partial void Cloned(ILogger logger, string source, string target);

        [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Clone of {Source} failed; removed {Target}")]
        public static partial void CloneFailed(ILogger logger, string source, string target);

        [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Fetched {Remote} in {Path}")]
        public static partial void Fetched(ILogger logger, string remote, string path);

        [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "Pushed {Refspecs} to {Remote} from {Path}")]
        public static partial void Pushed(ILogger logger, string refspecs, string remote, string path);

        [LoggerMessage(EventId = 4015, Level = LogLevel.Information, Message = "Committed {Sha} in {Path}")]
        public static partial void Committed(ILogger logger, string sha, string path);

        [LoggerMessage(EventId = 4016, Level = LogLevel.Information, Message = "Created branch {Branch} at {Sha} in {Path}")]
        public static partial void BranchCreated(ILogger logger, string branch, string sha, string path);

        [LoggerMessage(EventId = 4017, Level = LogLevel.Information, Message = "Deleted branch {Branch} in {Path}")]
        public static partial void BranchDeleted(ILogger logger, string branch, string path);

        [LoggerMessage(EventId = 4018, Level = LogLevel.Information, Message = "Renamed branch {OldName} to {NewName} in {Path}")]
        public static partial void BranchRenamed(ILogger logger, string oldName, string newName, string path);

        [LoggerMessage(EventId = 4019, Level = LogLevel.Information, Message = "Switched to {Branch} in {Path}")]
        public static partial void Switched(ILogger logger, string branch, string path);

        [LoggerMessage(EventId = 4020, Level = LogLevel.Information, Message = "Created tag {Tag} at {Sha} in {Path}")]
        public static partial void TagCreated(ILogger logger, string tag, string sha, string path);

        [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "Deleted tag {Tag} in {Path}")]
        public static partial void TagDeleted(ILogger logger, string tag, string path);

        [LoggerMessage(EventId = 4022, Level = LogLevel.Debug, Message = "{Operation} of {Path} read in {Elapsed}")]
        public static partial void ReadFinished(ILogger logger, string operation, string path, TimeSpan elapsed);
    }
}
