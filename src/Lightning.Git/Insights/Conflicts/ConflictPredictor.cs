using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Git.Insights.Conflicts;

/// <summary>
/// Predicts merge conflicts between active branches with <c>git merge-tree --write-tree</c>, which merges in memory:
/// no worktree or index is touched, so it works on bare repositories and while someone else works in the checkout.
/// The objects such a merge writes go to a throw-away object directory, so the repository itself is not changed at all.
/// </summary>
public sealed partial class ConflictPredictor(GitCli git, TimeProvider timeProvider, ILogger<ConflictPredictor>? logger = null)
{
    const string UnrelatedHistories = "refusing to merge unrelated histories";
    readonly ILogger _logger = logger ?? NullLogger<ConflictPredictor>.Instance;
    bool? _batchSupported;

    /// <summary>
    /// Checks every pair of active branches (and each against the default branch) and ranks the pairs: most conflicting
    /// files first, then most recent. Refuses more than <see cref="ConflictPredictionRequest.MaxPairs"/> pairs.
    /// </summary>
    public async Task<ConflictPrediction> PredictAsync(string repositoryPath, ConflictPredictionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(repositoryPath) || !Path.IsPathFullyQualified(repositoryPath) || !Directory.Exists(repositoryPath))
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_path", "The repository path must be an existing absolute path.");
        }

        var common = await git.RunAsync(repositoryPath, ["rev-parse", "--path-format=absolute", "--git-common-dir"], cancellationToken);
        var objects = Path.Combine(common.StandardOutput.Trim(), "objects");
        var branches = await BranchesAsync(repositoryPath, request.IncludeRemoteBranches, cancellationToken);
        var defaultBranch = await DefaultBranchAsync(repositoryPath, request.DefaultBranch, branches, cancellationToken);
        var since = request.ActiveWithin is { } window ? timeProvider.GetUtcNow() - window : DateTimeOffset.MinValue;
        var active = branches
            .Where(branch => branch.CommittedAt >= since || ReferenceEquals(branch, defaultBranch))
            .OrderBy(branch => ReferenceEquals(branch, defaultBranch) ? 0 : 1)
            .ThenBy(branch => branch.Name, StringComparer.Ordinal)
            .ToList();

        var pairs = new List<(BranchTip Ours, BranchTip Theirs)>();
        for (var i = 0; i < active.Count; i++)
        {
            for (var j = i + 1; j < active.Count; j++)
            {
                pairs.Add((active[i], active[j]));
            }
        }

        if (pairs.Count > request.MaxPairs)
        {
            throw new LightningException(ErrorKind.Invalid, "git.too_many_pairs",
                $"{active.Count} active branches make {pairs.Count} pairs, more than the limit of {request.MaxPairs}; narrow the activity window.");
        }

        // Pairs on the same commit need no merge; everything else is merged by git.
        var results = new MergeAnswer?[pairs.Count];
        var toMerge = Enumerable.Range(0, pairs.Count)
            .Where(i => !string.Equals(pairs[i].Ours.Commit, pairs[i].Theirs.Commit, StringComparison.Ordinal))
            .ToList();
        foreach (var i in Enumerable.Range(0, pairs.Count).Except(toMerge))
        {
            results[i] = new MergeAnswer(BranchPairStatus.Clean, []);
        }

        var quarantine = Path.Combine(Path.GetTempPath(), "lightning-merge-tree-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(quarantine);
        var useBatch = toMerge.Count > 0 && request.Mode switch
        {
            ConflictCheckMode.Batch => true,
            ConflictCheckMode.Parallel => false,
            _ => await BatchSupportedAsync(repositoryPath, cancellationToken),
        };
        try
        {
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                // merge-tree writes the merged trees and blobs; they land here and are deleted with it.
                ["GIT_OBJECT_DIRECTORY"] = quarantine,
                ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = objects,
            };
            if (useBatch)
            {
                await RunBatchAsync(repositoryPath, pairs, toMerge, results, environment, cancellationToken);
            }
            else
            {
                await RunParallelAsync(repositoryPath, pairs, toMerge, results, environment,
                    request.MaxConcurrency ?? 2 * Environment.ProcessorCount, cancellationToken);
            }
        }
        finally
        {
            Directory.Delete(quarantine, recursive: true);
        }

        var ranked = pairs
            .Select((pair, i) => new BranchPairPrediction(pair.Ours.Name, pair.Theirs.Name, results[i]!.Status, results[i]!.Files,
                pair.Ours.CommittedAt > pair.Theirs.CommittedAt ? pair.Ours.CommittedAt : pair.Theirs.CommittedAt))
            .OrderBy(pair => pair.Status switch { BranchPairStatus.Conflicting => 0, BranchPairStatus.UnrelatedHistories => 1, _ => 2 })
            .ThenByDescending(pair => pair.Files.Count)
            .ThenByDescending(pair => pair.LatestCommitAt)
            .ThenBy(pair => pair.Ours, StringComparer.Ordinal)
            .ThenBy(pair => pair.Theirs, StringComparer.Ordinal)
            .ToList();
        Log.Predicted(_logger, active.Count, pairs.Count, ranked.Count(pair => pair.Status == BranchPairStatus.Conflicting), useBatch);
        return new ConflictPrediction(defaultBranch?.Name, active, ranked, useBatch);
    }

    async Task RunBatchAsync(
        string repositoryPath, List<(BranchTip Ours, BranchTip Theirs)> pairs, List<int> toMerge, MergeAnswer?[] results,
        Dictionary<string, string> environment, CancellationToken cancellationToken)
    {
        string[] arguments = ["merge-tree", "--write-tree", "--name-only", "-z", "--messages", "--stdin"];
        var start = 0;
        while (start < toMerge.Count)
        {
            var input = string.Concat(toMerge.Skip(start).Select(i => $"{pairs[i].Ours.Commit} {pairs[i].Theirs.Commit}\n"));
            var result = await git.RunAsync(repositoryPath, arguments, cancellationToken,
                new GitCliRequest { StandardInput = input, Environment = environment, AcceptedExitCodes = [0, 128] });
            var merges = MergeTreeOutput.Parse(result.StandardOutput, batch: true);
            for (var k = 0; k < merges.Count && start + k < toMerge.Count; k++)
            {
                results[toMerge[start + k]] = Answer(merges[k]);
            }

            start += merges.Count;
            if (result.Succeeded && start >= toMerge.Count)
            {
                return;
            }

            // One pair without a merge base ends the whole batch; it is the pair after the last answer. Confirm that
            // before saying so, then go on with the rest in a new batch.
            var failed = pairs[toMerge[start]];
            if (!result.StandardError.Contains(UnrelatedHistories, StringComparison.Ordinal)
                || await HaveMergeBaseAsync(repositoryPath, failed.Ours.Commit, failed.Theirs.Commit, cancellationToken))
            {
                throw GitCli.Failure(arguments, result);
            }

            results[toMerge[start]] = new MergeAnswer(BranchPairStatus.UnrelatedHistories, []);
            start++;
        }
    }

    async Task RunParallelAsync(
        string repositoryPath, List<(BranchTip Ours, BranchTip Theirs)> pairs, List<int> toMerge, MergeAnswer?[] results,
        Dictionary<string, string> environment, int concurrency, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(toMerge, options, async (i, token) =>
        {
            string[] arguments = ["merge-tree", "--write-tree", "--name-only", "-z", "--messages", pairs[i].Ours.Commit, pairs[i].Theirs.Commit];
            var result = await git.RunAsync(repositoryPath, arguments, token,
                new GitCliRequest { Environment = environment, AcceptedExitCodes = [0, 1, 128] });
            if (result.ExitCode == 128)
            {
                results[i] = result.StandardError.Contains(UnrelatedHistories, StringComparison.Ordinal)
                    ? new MergeAnswer(BranchPairStatus.UnrelatedHistories, [])
                    : throw GitCli.Failure(arguments, result);
                return;
            }

            var merge = MergeTreeOutput.Parse(result.StandardOutput, batch: false);
            results[i] = merge.Count == 1 ? Answer(merge[0]) : throw GitCli.Failure(arguments, result);
        });
    }

    static MergeAnswer Answer(MergeTreeOutput.Merge merge) =>
        new(merge.Conflicted ? BranchPairStatus.Conflicting : BranchPairStatus.Clean, merge.Files);

    async Task<bool> HaveMergeBaseAsync(string repositoryPath, string ours, string theirs, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(repositoryPath, ["merge-base", ours, theirs], cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1] });
        return result.Succeeded;
    }

    /// <summary>
    /// Whether this git has <c>merge-tree --stdin</c>. Asked once by trying it with no input rather than by version
    /// number: distributions backport it (Debian's 2.39.5 has it, upstream added it in 2.40).
    /// </summary>
    async Task<bool> BatchSupportedAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        // Two first calls at once may both probe; the answers agree, so no lock is needed.
        if (_batchSupported is { } known)
        {
            return known;
        }

        var probe = await git.RunAsync(repositoryPath, ["merge-tree", "--write-tree", "--stdin"], cancellationToken,
            new GitCliRequest { StandardInput = string.Empty, AcceptedExitCodes = [0, 1, 128, 129] });
        _batchSupported = probe.Succeeded;
        Log.BatchMode(_logger, probe.Succeeded);
        return probe.Succeeded;
    }

    async Task<List<BranchTip>> BranchesAsync(string repositoryPath, bool includeRemotes, CancellationToken cancellationToken)
    {
        List<string> arguments = ["for-each-ref", "--format=%(refname)%00%(objectname)%00%(committerdate:unix)%00%(symref)", "refs/heads"];
        if (includeRemotes)
        {
            arguments.Add("refs/remotes");
        }

        var result = await git.RunAsync(repositoryPath, arguments, cancellationToken);
        var branches = new List<BranchTip>();
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split('\0');
            if (fields.Length < 4 || fields[3].Length > 0)
            {
                continue; // origin/HEAD and other symbolic refs only repeat a branch.
            }

            var name = fields[0].StartsWith("refs/heads/", StringComparison.Ordinal) ? fields[0]["refs/heads/".Length..] : fields[0]["refs/remotes/".Length..];
            var seconds = long.Parse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            branches.Add(new BranchTip(name, fields[1], DateTimeOffset.FromUnixTimeSeconds(seconds)));
        }

        return branches;
    }

    async Task<BranchTip?> DefaultBranchAsync(string repositoryPath, string? requested, List<BranchTip> branches, CancellationToken cancellationToken)
    {
        if (requested is not null)
        {
            return branches.Find(branch => string.Equals(branch.Name, requested, StringComparison.Ordinal))
                ?? throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"There is no branch '{requested}' to use as the default branch.");
        }

        var head = await git.RunAsync(repositoryPath, ["symbolic-ref", "--quiet", "HEAD"], cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1] });
        var name = head.StandardOutput.Trim();
        if (name.StartsWith("refs/heads/", StringComparison.Ordinal))
        {
            name = name["refs/heads/".Length..];
            if (branches.Find(branch => string.Equals(branch.Name, name, StringComparison.Ordinal)) is { } current)
            {
                return current;
            }
        }

        return branches.Find(branch => branch.Name is "main" or "master");
    }

    sealed record MergeAnswer(BranchPairStatus Status, IReadOnlyList<PredictedConflict> Files);

    static partial class Log
    {
        [LoggerMessage(EventId = 4150, Level = LogLevel.Information, Message = "Checked {Branches} active branches, {Pairs} pairs: {Conflicting} conflicting (batch mode {Batch})")]
        public static partial void Predicted(ILogger logger, int branches, int pairs, int conflicting, bool batch);

        [LoggerMessage(EventId = 4151, Level = LogLevel.Debug, Message = "git merge-tree --stdin available: {Available}")]
        public static partial void BatchMode(ILogger logger, bool available);
    }
}
