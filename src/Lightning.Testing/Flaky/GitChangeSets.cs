using System.Collections.Concurrent;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Flaky;

/// <summary>
/// The files changed between two commits of a repository directory (<c>git diff --name-only --relative</c>, paths
/// relative to the directory), cached per pair; null when git cannot tell (a commit it does not have, no repository).
/// </summary>
public sealed class GitChangeSets(GitCli git, ILogger<GitChangeSets> logger)
{
    readonly ConcurrentDictionary<(string, string, string), IReadOnlySet<string>?> _cache = new();

    public async ValueTask<IReadOnlySet<string>?> ChangedAsync(string directory, string from, string to, CancellationToken cancellationToken)
    {
        var key = (directory, from, to);
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        IReadOnlySet<string>? files = null;
        try
        {
            var result = await git.RunAsync(directory, ["diff", "--name-only", "--relative", "--no-renames", from, to, "--"], cancellationToken,
                new GitCliRequest { AcceptedExitCodes = [0, 128, 129], Timeout = TimeSpan.FromSeconds(30) });
            if (result.ExitCode == 0)
            {
                files = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            }
        }
        catch (LightningException ex)
        {
            Log.ChangeSetUnknown(logger, ex, directory, from, to);
        }

        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[key] = files;
        return files;
    }

    /// <summary>The oracle for one test: a change explains a flip when it touches one of the test's files.</summary>
    public ChangeExplains? For(string? directory, IReadOnlySet<string>? testFiles)
    {
        if (directory is null || testFiles is null)
        {
            return null;
        }

        return async (from, to, cancellationToken) =>
        {
            var changed = await ChangedAsync(directory, from, to, cancellationToken);
            return changed is null ? null : changed.Overlaps(testFiles);
        };
    }
}
