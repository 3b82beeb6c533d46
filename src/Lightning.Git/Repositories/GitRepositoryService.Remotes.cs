using System.Globalization;
using System.Text;
using Lightning.Core.Errors;
using LibGit2Sharp;

namespace Lightning.Git.Repositories;

public sealed partial class GitRepositoryService
{
    /// <summary>Creates a repository at <paramref name="repositoryPath"/> (created if missing) on <paramref name="initialBranch"/>.</summary>
    public async Task InitAsync(string repositoryPath, string initialBranch, bool bare, CancellationToken cancellationToken)
    {
        var target = AbsoluteTarget(repositoryPath);
        if (Repository.IsValid(target) || Directory.Exists(Path.Combine(target, ".git")))
        {
            throw new LightningException(ErrorKind.Conflict, "git.already_a_repository", $"'{target}' is already a git repository.");
        }

        var (workingDirectory, created) = PrepareParent(target);
        try
        {
            await ValidBranchNameAsync(workingDirectory, initialBranch, cancellationToken);
            await _git.RunAsync(workingDirectory,
                ["init", "--quiet", bare ? "--bare" : "--no-bare", "--initial-branch=" + initialBranch, "--", target], cancellationToken);
        }
        catch
        {
            RemoveCreated(created);
            throw;
        }

        Log.Initialised(_logger, target, initialBranch);
    }

    /// <summary>
    /// Clones <paramref name="source"/> (an <c>https://</c>, <c>ssh://</c>, <c>git@host:path</c> or <c>file://</c> URL, or an
    /// absolute local path) into <paramref name="target"/>, which must be missing or empty. SSH goes through the system
    /// <c>ssh</c> in batch mode. A failed or cancelled clone leaves no directory it created behind.
    /// </summary>
    public async Task CloneAsync(string source, string target, GitCloneOptions? options, CancellationToken cancellationToken)
    {
        options ??= new GitCloneOptions();
        var url = ValidRemoteUrl(source);
        var destination = AbsoluteTarget(target);
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new LightningException(ErrorKind.Conflict, "git.target_exists", $"'{destination}' exists and is not empty.");
        }

        if (File.Exists(destination))
        {
            throw new LightningException(ErrorKind.Conflict, "git.target_exists", $"'{destination}' is a file.");
        }

        if (options.Depth is < 1)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_query", "Depth must be at least 1.");
        }

        var existed = Directory.Exists(destination);
        var (workingDirectory, created) = PrepareParent(destination);
        List<string> arguments = ["clone", "--quiet", "--no-recurse-submodules"];
        try
        {
            if (options.Branch is { } branch)
            {
                arguments.Add("--branch=" + await ValidBranchNameAsync(workingDirectory, branch, cancellationToken));
            }

            if (options.Depth is { } depth)
            {
                arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--depth={depth}"));
            }

            if (options.Bare)
            {
                arguments.Add("--bare");
            }

            arguments.AddRange(["--", url, destination]);
            await _git.RunAsync(workingDirectory, arguments, cancellationToken, Credentials(options.Token, options.TokenUserName));
        }
        catch (LightningException ex) when (string.Equals(ex.Code, "git.failed", StringComparison.Ordinal) && ex.Message.Contains("does not exist", StringComparison.Ordinal))
        {
            // A local source path that is missing: git says "repository '...' does not exist".
            Cleanup();
            throw new LightningException(ErrorKind.Upstream, "git.remote_unreachable", ex.Message, ex);
        }
        catch
        {
            Cleanup();
            throw;
        }

        Log.Cloned(_logger, GitCli.Redact(url), destination);

        void Cleanup()
        {
            RemoveCreated(created);
            if (existed)
            {
                EmptyDirectory(destination);
            }

            Log.CloneFailed(_logger, GitCli.Redact(url), destination);
        }
    }

    /// <summary>Fetches <paramref name="remote"/> (a configured remote name), optionally pruning deleted branches.</summary>
    public async Task FetchAsync(string repositoryPath, string remote, string? token, bool prune, CancellationToken cancellationToken)
    {
        var root = RequireRepository(repositoryPath);
        List<string> arguments = ["fetch", "--quiet", "--no-recurse-submodules"];
        if (prune)
        {
            arguments.Add("--prune");
        }

        arguments.AddRange(["--", ValidRemoteName(remote)]);
        await _git.RunAsync(root, arguments, cancellationToken, Credentials(token, "x-access-token"));
        Log.Fetched(_logger, remote, root);
    }

    /// <summary>
    /// Pushes <paramref name="refspecs"/> (<c>main</c>, <c>feature:feature</c>, <c>refs/tags/v1</c>) to
    /// <paramref name="remote"/>. A rejected push (not a fast-forward, or a lease that no longer holds) is
    /// <c>git.push_rejected</c>. <paramref name="forceWithLease"/> overwrites the remote branch only if it is still where
    /// our remote-tracking branch says.
    /// </summary>
    public async Task PushAsync(string repositoryPath, string remote, IReadOnlyList<string> refspecs, string? token, bool forceWithLease,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refspecs);
        var root = RequireRepository(repositoryPath);
        if (refspecs.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_refspec", "Name at least one branch or tag to push.");
        }

        foreach (var refspec in refspecs)
        {
            // '+' forces without a lease; force goes only through forceWithLease.
            if (string.IsNullOrWhiteSpace(refspec) || refspec.StartsWith('-') || refspec.StartsWith('+') || refspec.Any(char.IsControl))
            {
                throw new LightningException(ErrorKind.Invalid, "git.invalid_refspec", $"'{refspec}' is not a refspec that can be pushed.");
            }
        }

        List<string> arguments = ["push", "--quiet", "--porcelain"];
        if (forceWithLease)
        {
            arguments.Add("--force-with-lease");
        }

        arguments.AddRange(["--", ValidRemoteName(remote), .. refspecs]);
        var result = await _git.RunAsync(root, arguments, cancellationToken,
            Credentials(token, "x-access-token") with { AcceptedExitCodes = [0, 1] });
        if (result.ExitCode != 0)
        {
            var said = result.StandardOutput + "\n" + result.StandardError;
            throw said.Contains("[rejected]", StringComparison.Ordinal) || said.Contains("[remote rejected]", StringComparison.Ordinal)
                ? new LightningException(ErrorKind.Conflict, "git.push_rejected",
                    $"The remote rejected the push: {GitCli.Redact(RejectedLines(said))}")
                : GitCli.Failure(arguments, result);
        }

        Log.Pushed(_logger, string.Join(' ', refspecs), remote, root);
    }

    static string RejectedLines(string output) =>
        string.Join("; ", output.Split('\n').Where(line => line.Contains("rejected]", StringComparison.Ordinal)).Select(line => line.Trim()));

    /// <summary>
    /// The token as an <c>http.extraHeader</c> through <c>GIT_CONFIG_COUNT</c>/<c>KEY</c>/<c>VALUE</c>: it reaches git
    /// for this one command without touching the URL, the argument list (visible in <c>ps</c>) or any config file.
    /// </summary>
    static GitCliRequest Credentials(string? token, string userName)
    {
        if (string.IsNullOrEmpty(token))
        {
            return new GitCliRequest();
        }

        if (token.Any(char.IsControl) || userName.Contains(':', StringComparison.Ordinal) || userName.Any(char.IsControl))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_token", "The token or its user name contains characters a header cannot carry.");
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + token));
        return new GitCliRequest
        {
            Environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["GIT_CONFIG_COUNT"] = "1",
                ["GIT_CONFIG_KEY_0"] = "http.extraHeader",
                ["GIT_CONFIG_VALUE_0"] = "Authorization: Basic " + basic,
            },
        };
    }

    static string ValidRemoteName(string remote)
    {
        if (string.IsNullOrWhiteSpace(remote) || remote.StartsWith('-') || remote.Any(char.IsControl) || remote.Contains("::", StringComparison.Ordinal))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_remote", $"'{remote}' is not a remote name.");
        }

        return remote;
    }

    /// <summary>
    /// Accepts the transports the platform supports and nothing that would run a program (<c>ext::</c>) or read as an
    /// option. Credentials in the URL are refused: they would land in <c>.git/config</c>; pass a token instead.
    /// </summary>
    static string ValidRemoteUrl(string source)
    {
        if (string.IsNullOrWhiteSpace(source) || source.StartsWith('-') || source.Any(char.IsControl))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_remote", "The clone source is empty or not a URL or path.");
        }

        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && !Path.IsPathFullyQualified(source))
        {
            if (uri.Scheme is not ("https" or "http" or "ssh" or "file" or "git"))
            {
                throw new LightningException(ErrorKind.Invalid, "git.invalid_remote", $"The '{uri.Scheme}' transport is not supported.");
            }

            if (uri.Scheme is "https" or "http" && uri.UserInfo.Length > 0)
            {
                throw new LightningException(ErrorKind.Invalid, "git.credentials_in_url",
                    "Credentials in the URL would be stored in the clone's configuration; pass a token instead.");
            }

            return source;
        }

        if (Path.IsPathFullyQualified(source))
        {
            return source;
        }

        // scp-like SSH: [user@]host:path, with no '::' transport prefix.
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        if (colon > 0 && (slash < 0 || colon < slash) && !source.Contains("::", StringComparison.Ordinal))
        {
            return source;
        }

        throw new LightningException(ErrorKind.Invalid, "git.invalid_remote", $"'{GitCli.Redact(source)}' is not a URL, an SSH address or an absolute path.");
    }

    static string AbsoluteTarget(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal) || !Path.IsPathFullyQualified(path))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", $"The path must be absolute: '{path}'.");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
    }

    /// <summary>An existing ancestor to run git in, and the topmost folder git will create (to remove it on failure).</summary>
    static (string WorkingDirectory, string? Created) PrepareParent(string target)
    {
        string? created = null;
        var current = target;
        while (!Directory.Exists(current))
        {
            created = current;
            current = Path.GetDirectoryName(current) ?? throw new LightningException(ErrorKind.Invalid, "git.invalid_path", $"'{target}' has no existing parent.");
        }

        return (current, created);
    }

    static void RemoveCreated(string? created)
    {
        if (created is not null && Directory.Exists(created))
        {
            DeleteTree(created);
        }
    }

    static void EmptyDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (Directory.Exists(entry))
            {
                DeleteTree(entry);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }

    static void DeleteTree(string directory)
    {
        // A killed clone (timeout, cancellation) may still be finishing a write when we get here: try a few times.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // git makes pack files read-only; clear that so the delete does not stop half way.
                foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
                {
                    File.SetAttributes(file, FileAttributes.Normal);
                }

                Directory.Delete(directory, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(50 * attempt);
            }
        }
    }
}
