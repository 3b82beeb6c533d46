using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lightning.Git;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Benchmarks.Git;

/// <summary>
/// Ours (the platform's <see cref="GitRepositoryService"/> reads and <see cref="ConflictPredictor"/>) against the git
/// program doing the same job with the same options, alternating which goes first every round, on a warm cache for both.
/// Each side's answer is reduced to counts, and a round whose counts differ is an error: a fast wrong answer proves nothing.
/// </summary>
internal sealed class GitBenchmark(BenchOptions options, TextWriter output)
{
    /// <summary>Feature branches checked with main: 15 branches, 105 pairs, the all-pairs count nearest above the issue's 100.</summary>
    public const int ActiveFeatureBranches = 14;

    /// <summary>An extra row, not one of the issue's figures: the other back-end for status, so the choice can be checked.</summary>
    public const string StatusInProcess = "(status through LibGit2Sharp)";

    const string LogFormat = "--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B";

    public async Task<GitResult> RunAsync(CancellationToken cancellationToken)
    {
        var repository = await GitBenchRepository.EnsureAsync(options.DataParent, output, cancellationToken);
        var git = new GitCli();
        var service = new GitRepositoryService(git, Options.Create(new GitOptions()), NullLogger<GitRepositoryService>.Instance);
        // The predictor's clock stands just after the newest branch tip, and its window takes in the 14 newest branches.
        var clock = new FixedTimeProvider(GitBenchRepository.BranchTime(0));
        var predictor = new ConflictPredictor(git, clock);
        var request = new ConflictPredictionRequest
        {
            DefaultBranch = "main",
            ActiveWithin = GitBenchRepository.BranchTime(0) - GitBenchRepository.BranchTime(ActiveFeatureBranches - 1),
        };
        string[] branches = ["main", .. Enumerable.Range(0, ActiveFeatureBranches).Select(GitBenchRepository.BranchName)];
        var pairs = new List<(string Ours, string Theirs)>();
        for (var i = 0; i < branches.Length; i++)
        {
            for (var j = i + 1; j < branches.Length; j++)
            {
                pairs.Add((branches[i], branches[j]));
            }
        }

        var path = repository.Path;
        var from = repository.DistantFrom;
        var to = repository.DistantTo;
        var operations = new List<Operation>
        {
            new("status",
                "GitRepositoryService.StatusAsync",
                "git status --porcelain=v2 --branch -z --untracked-files=all --no-renames",
                async ct => Count((await service.StatusAsync(path, ct)).Entries.Count, "entries"),
                ct => CliAsync(path, ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames", "--ignored=no"], null, null,
                    bytes => Count(Records(bytes, 0).Count(record => record[0] != (byte)'#'), "entries"), ct)),
            new(StatusInProcess,
                "LibGit2Sharp RetrieveStatus with the in-process read's options (the back-end status no longer uses)",
                "git status --porcelain=v2 --branch -z --untracked-files=all --no-renames",
                ct => Task.Run(() => Count(LibGit2SharpStatusEntries(path), "entries"), ct),
                ct => CliAsync(path, ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames", "--ignored=no"], null, null,
                    bytes => Count(Records(bytes, 0).Count(record => record[0] != (byte)'#'), "entries"), ct)),
            new("log of 10,000 commits",
                "GitRepositoryService.LogAsync",
                "git log -z --format=%H%x00%P%x00%an…%B (9 fields) HEAD",
                async ct => Count((await service.LogAsync(path, new GitLogQuery(), ct)).Count, "commits"),
                ct => CliAsync(path, ["log", "-z", "--no-color", LogFormat, "HEAD", "--"], null, null,
                    bytes => Count((bytes.AsSpan().Count((byte)0) + 1) / 9, "commits"), ct)),
            new("diff between distant commits (numstat)",
                "GitRepositoryService.DiffAsync, IncludePatch = false",
                "git diff --numstat -z -M commit-1000 commit-10000",
                async ct => DiffAnswer(await service.DiffAsync(path, new GitDiffQuery { From = from, To = to, IncludePatch = false }, ct)),
                ct => CliAsync(path, ["diff", "--numstat", "-z", "-M", "--no-color", "--no-ext-diff", from, to, "--"], null, null, NumstatAnswer, ct)),
            new("diff between distant commits (patch)",
                "GitRepositoryService.DiffAsync, IncludePatch = true",
                "git diff -M commit-1000 commit-10000",
                async ct => DiffAnswer(await service.DiffAsync(path, new GitDiffQuery { From = from, To = to }, ct)),
                ct => CliAsync(path, ["diff", "-M", "--no-color", "--no-ext-diff", from, to, "--"], null, null, PatchAnswer, ct)),
            new(string.Create(CultureInfo.InvariantCulture, $"conflict check of {pairs.Count} branch pairs"),
                "ConflictPredictor.PredictAsync",
                "git merge-tree --write-tree --stdin (the same pairs, objects to a throw-away directory)",
                async ct => ConflictAnswer(await predictor.PredictAsync(path, request, ct)),
                ct => MergeTreeAsync(path, pairs, ct)),
        };

        var rounds = options.GitRounds;
        output.WriteLine($"  {rounds} measured round(s) after one warm-up round; ours and the git CLI alternate which goes first");
        var timings = operations.Select(operation => new GitTimings(operation.Name, operation.OursDescription, operation.CliDescription, [], [], string.Empty, string.Empty)).ToList();
        for (var round = -1; round < rounds; round++)
        {
            for (var k = 0; k < operations.Count; k++)
            {
                var operation = operations[k];
                var oursFirst = round % 2 == 0;
                string oursAnswer = string.Empty, cliAnswer = string.Empty;
                double oursMs = 0, cliMs = 0;
                for (var side = 0; side < 2; side++)
                {
                    var ours = (side == 0) == oursFirst;
                    var started = Stopwatch.GetTimestamp();
                    var answer = ours ? await operation.Ours(cancellationToken) : await operation.Cli(cancellationToken);
                    var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    (oursAnswer, oursMs) = ours ? (answer, elapsed) : (oursAnswer, oursMs);
                    (cliAnswer, cliMs) = ours ? (cliAnswer, cliMs) : (answer, elapsed);
                }

                if (round < 0)
                {
                    output.WriteLine($"  warm-up {operation.Name}: ours {oursAnswer}, git {cliAnswer}");
                    timings[k] = timings[k] with { OursAnswer = oursAnswer, CliAnswer = cliAnswer };
                    continue;
                }

                timings[k].OursMs.Add(oursMs);
                timings[k].CliMs.Add(cliMs);
                if (!string.Equals(oursAnswer, cliAnswer, StringComparison.Ordinal))
                {
                    timings[k] = timings[k] with { OursAnswer = oursAnswer, CliAnswer = cliAnswer };
                }
            }
        }

        return new GitResult(repository, rounds, pairs.Count, timings, 0);
    }

    /// <summary>What GitRepositoryService's in-process status read does: the same options, the same entries kept.</summary>
    static int LibGit2SharpStatusEntries(string path)
    {
        using var repository = new LibGit2Sharp.Repository(path);
        var status = repository.RetrieveStatus(new LibGit2Sharp.StatusOptions
        {
            Show = LibGit2Sharp.StatusShowOption.IndexAndWorkDir,
            DetectRenamesInIndex = false,
            DetectRenamesInWorkDir = false,
            IncludeUntracked = true,
            RecurseUntrackedDirs = true,
            IncludeIgnored = false,
            IncludeUnaltered = false,
        });
        return status.Count(entry => entry.State is not (LibGit2Sharp.FileStatus.Ignored or LibGit2Sharp.FileStatus.Unaltered));
    }

    static string Count(int count, string what) => string.Create(CultureInfo.InvariantCulture, $"{count:#,0} {what}");

    static string DiffAnswer(IReadOnlyList<GitDiffFile> files) =>
        string.Create(CultureInfo.InvariantCulture, $"{files.Count:#,0} files +{files.Sum(f => f.Additions):#,0} -{files.Sum(f => f.Deletions):#,0}");

    static string ConflictAnswer(ConflictPrediction prediction) =>
        string.Create(CultureInfo.InvariantCulture, $"{prediction.Pairs.Count} pairs, {prediction.Conflicting.Count()} conflicting on {prediction.Conflicting.Sum(pair => pair.Files.Count)} files");

    /// <summary>NUL-terminated numstat records: <c>added\tdeleted\tpath</c>.</summary>
    static string NumstatAnswer(byte[] bytes)
    {
        int files = 0, added = 0, deleted = 0;
        foreach (var record in Records(bytes, 0))
        {
            var text = Encoding.UTF8.GetString(record);
            var parts = text.Split('\t', 3);
            if (parts.Length < 3)
            {
                continue; // the old and new path of a rename follow its counts as records of their own
            }

            files++;
            added += parts[0] == "-" ? 0 : int.Parse(parts[0], CultureInfo.InvariantCulture);
            deleted += parts[1] == "-" ? 0 : int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        return string.Create(CultureInfo.InvariantCulture, $"{files:#,0} files +{added:#,0} -{deleted:#,0}");
    }

    static string PatchAnswer(byte[] bytes)
    {
        int files = 0, added = 0, deleted = 0;
        var inHeader = false;
        foreach (var line in Records(bytes, (byte)'\n'))
        {
            if (line.StartsWith("diff --git "u8))
            {
                files++;
                inHeader = true;
            }
            else if (line.StartsWith("@@"u8))
            {
                inHeader = false;
            }
            else if (!inHeader && line.Length > 0)
            {
                added += line[0] == (byte)'+' ? 1 : 0;
                deleted += line[0] == (byte)'-' ? 1 : 0;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{files:#,0} files +{added:#,0} -{deleted:#,0}");
    }

    static List<byte[]> Records(byte[] bytes, byte separator)
    {
        var records = new List<byte[]>();
        var rest = bytes.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf(separator);
            var record = end < 0 ? rest : rest[..end];
            if (record.Length > 0 || separator == (byte)'\n')
            {
                records.Add(record.ToArray());
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return records;
    }

    /// <summary>
    /// The same pairs through git's batch mode, one process, as the predictor does; merged objects go to a throw-away
    /// object directory (the predictor's quarantine), so neither side changes the repository.
    /// </summary>
    static async Task<string> MergeTreeAsync(string path, List<(string Ours, string Theirs)> pairs, CancellationToken cancellationToken)
    {
        var quarantine = Path.Combine(Path.GetTempPath(), "lightning-bench-merge-tree-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(quarantine);
        try
        {
            var objects = Path.Combine(path, ".git", "objects");
            var input = string.Concat(pairs.Select(pair => $"{pair.Ours} {pair.Theirs}\n"));
            return await CliAsync(path, ["merge-tree", "--write-tree", "--name-only", "-z", "--messages", "--stdin"], input,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_OBJECT_DIRECTORY"] = quarantine, ["GIT_ALTERNATE_OBJECT_DIRECTORIES"] = objects },
                bytes =>
                {
                    var (conflicting, files) = CountConflicted(bytes);
                    return string.Create(CultureInfo.InvariantCulture, $"{pairs.Count} pairs, {conflicting} conflicting on {files} files");
                }, cancellationToken);
        }
        finally
        {
            Directory.Delete(quarantine, recursive: true);
        }
    }

    /// <summary>
    /// Batch output with <c>-z --messages</c>, per merge: status (1 clean, 0 conflicted), tree, the conflicted names,
    /// an empty record, message records (<c>count, paths.., type, text</c>), and an empty record that closes the merge.
    /// </summary>
    static (int Pairs, int Files) CountConflicted(byte[] bytes)
    {
        var tokens = Encoding.UTF8.GetString(bytes).Split('\0');
        int pairs = 0, files = 0, i = 0;
        while (i < tokens.Length && tokens[i].Length > 0)
        {
            var conflicted = string.Equals(tokens[i], "0", StringComparison.Ordinal);
            i += 2;
            var names = 0;
            for (; i < tokens.Length && tokens[i].Length > 0; i++)
            {
                names++;
            }

            i++;
            while (i < tokens.Length && tokens[i].Length > 0)
            {
                i += int.Parse(tokens[i], CultureInfo.InvariantCulture) + 3;
            }

            i++;
            pairs += conflicted ? 1 : 0;
            files += conflicted ? names : 0;
        }

        return (pairs, files);
    }

    /// <summary>Runs git as any program that reads its output would: argument list, stdout read to the end, exit code checked.</summary>
    static async Task<string> CliAsync(string directory, string[] arguments, string? input, Dictionary<string, string>? environment,
        Func<byte[], string> answer, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(buffer, cancellationToken);
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        await copy;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await stderr).Trim()}");
        }

        return answer(buffer.ToArray());
    }

    sealed record Operation(string Name, string OursDescription, string CliDescription, Func<CancellationToken, Task<string>> Ours, Func<CancellationToken, Task<string>> Cli);

    sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
