using System.Globalization;
using Lightning.Core.Errors;

namespace Lightning.Git.Repositories;

/// <summary>
/// The same reads as <see cref="GitRepositoryService"/>, answered by the git program (porcelain v2 status,
/// NUL-separated <c>log</c>, <c>diff --raw --numstat</c> and patch, <c>blame --porcelain</c>). It is the reference the
/// in-process reads are checked against, and the baseline the benchmark times them against.
/// </summary>
public sealed class GitCliReader(GitCli git)
{
    // Pathspecs are literal (no globs or magic), the same as LibGit2Sharp's explicit paths.
    static readonly Dictionary<string, string> Literal = new(StringComparer.Ordinal) { ["GIT_LITERAL_PATHSPECS"] = "1" };
    static readonly GitCliRequest LiteralRequest = new() { Environment = Literal };

    const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    readonly GitCli _git = git;

    public async Task<GitStatus> StatusAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        var output = (await _git.RunAsync(root,
            ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames", "--ignored=no"],
            cancellationToken)).StandardOutput;
        string? branch = null, head = null, upstream = null;
        int ahead = 0, behind = 0;
        var entries = new List<GitStatusEntry>();
        foreach (var record in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (record.StartsWith("# ", StringComparison.Ordinal))
            {
                var parts = record.Split(' ');
                switch (parts[1])
                {
                    case "branch.oid":
                        head = string.Equals(parts[2], "(initial)", StringComparison.Ordinal) ? null : parts[2];
                        break;
                    case "branch.head":
                        branch = string.Equals(parts[2], "(detached)", StringComparison.Ordinal) ? null : Field(record, 2);
                        break;
                    case "branch.upstream":
                        upstream = parts[2];
                        break;
                    case "branch.ab":
                        ahead = int.Parse(parts[2][1..], CultureInfo.InvariantCulture);
                        behind = int.Parse(parts[3][1..], CultureInfo.InvariantCulture);
                        break;
                }

                continue;
            }

            switch (record[0])
            {
                case '1':
                    // 1 XY sub mH mI mW hH hI path
                    entries.Add(new GitStatusEntry(Field(record, 8), StateOf(record[2]), StateOf(record[3]), false, false));
                    break;
                case 'u':
                    // u XY sub m1 m2 m3 mW h1 h2 h3 path
                    entries.Add(new GitStatusEntry(Field(record, 10), GitChangeKind.Unmerged, GitChangeKind.Unmerged, false, true));
                    break;
                case '?':
                    entries.Add(new GitStatusEntry(record[2..], GitChangeKind.Unmodified, GitChangeKind.Untracked, true, false));
                    break;
            }
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return new GitStatus(branch, head, upstream, ahead, behind, entries);
    }

    /// <summary>The rest of a space-separated record after <paramref name="skip"/> fields (a path may contain spaces).</summary>
    static string Field(string record, int skip)
    {
        var index = 0;
        for (var i = 0; i < skip; i++)
        {
            index = record.IndexOf(' ', index) + 1;
        }

        return record[index..];
    }

    static GitChangeKind StateOf(char code) => code switch
    {
        'M' => GitChangeKind.Modified,
        'A' => GitChangeKind.Added,
        'D' => GitChangeKind.Deleted,
        'R' => GitChangeKind.Renamed,
        'C' => GitChangeKind.Copied,
        'T' => GitChangeKind.TypeChanged,
        'U' => GitChangeKind.Unmerged,
        _ => GitChangeKind.Unmodified,
    };

    public async Task<IReadOnlyList<GitCommit>> LogAsync(string repositoryPath, GitLogQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        GitRepositoryService.ValidateLogQuery(query);
        var root = RepositoryPaths.Root(repositoryPath);
        var paths = RepositoryPaths.ConfineAll(root, query.Paths);
        if (string.IsNullOrWhiteSpace(query.Revision) && !await HasHeadAsync(root, cancellationToken))
        {
            return [];
        }

        List<string> arguments =
        [
            "log", "-z", "--no-color",
            "--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B",
        ];
        if (query.FirstParent)
        {
            arguments.Add("--first-parent");
        }

        if (query.MaxCount is { } max)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--max-count={max}"));
        }

        if (query.Skip > 0)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--skip={query.Skip}"));
        }

        if (query.Since is { } since)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--since=@{since.ToUnixTimeSeconds()}"));
        }

        if (query.Until is { } until)
        {
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"--until=@{until.ToUnixTimeSeconds()}"));
        }

        if (query.Author is not null || query.Grep is not null)
        {
            arguments.Add("--fixed-strings");
        }

        if (query.Author is { } author)
        {
            arguments.Add("--author=" + author);
        }

        if (query.Grep is { } grep)
        {
            arguments.Add("--grep=" + grep);
        }

        if (paths.Count > 0)
        {
            arguments.Add("--full-history");
        }

        arguments.Add(string.IsNullOrWhiteSpace(query.Revision) ? "HEAD" : RepositoryPaths.Revision(query.Revision));
        arguments.Add("--");
        arguments.AddRange(paths);
        var output = (await _git.RunAsync(root, arguments, cancellationToken, LiteralRequest)).StandardOutput;
        return ParseLog(output);
    }

    static List<GitCommit> ParseLog(string output)
    {
        const int Fields = 9;
        var fields = output.Split('\0');
        var commits = new List<GitCommit>(fields.Length / Fields);
        for (var i = 0; i + Fields <= fields.Length; i += Fields)
        {
            var (subject, body, message) = CommitMessages.Split(fields[i + 8]);
            commits.Add(new GitCommit(
                fields[i].TrimStart('\n'),
                fields[i + 1].Split(' ', StringSplitOptions.RemoveEmptyEntries),
                fields[i + 2], fields[i + 3], DateTimeOffset.Parse(fields[i + 4], CultureInfo.InvariantCulture),
                fields[i + 5], fields[i + 6], DateTimeOffset.Parse(fields[i + 7], CultureInfo.InvariantCulture),
                subject, body, message));
        }

        return commits;
    }

    async Task<bool> HasHeadAsync(string root, CancellationToken cancellationToken) =>
        (await _git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = [0, 1] })).ExitCode == 0;

    public async Task<IReadOnlyList<GitDiffFile>> DiffAsync(string repositoryPath, GitDiffQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        GitRepositoryService.ValidateDiffQuery(query);
        var root = RepositoryPaths.Root(repositoryPath);
        var paths = RepositoryPaths.ConfineAll(root, query.Paths);
        List<string> sides = [];
        if (query.Staged)
        {
            sides.Add("--cached");
        }

        if (query.To is not null)
        {
            sides.Add(RepositoryPaths.Revision(query.From ?? "HEAD"));
            sides.Add(RepositoryPaths.Revision(query.To));
        }
        else if (query.From is not null)
        {
            sides.Add(RepositoryPaths.Revision(query.From));
        }
        else if (!query.Staged && await HasHeadAsync(root, cancellationToken))
        {
            sides.Add("HEAD");
        }
        else if (!query.Staged)
        {
            // Before the first commit `git diff` would compare the worktree with the index; the question is the
            // worktree against nothing: the empty tree.
            sides.Add(EmptyTree);
        }

        string[] common = ["--no-color", "--no-ext-diff", "--no-textconv", "-M", "--diff-algorithm=myers", "--indent-heuristic"];
        string[] tail = ["--", .. paths];
        var summary = (await _git.RunAsync(root, ["diff", "--raw", "--numstat", "-z", .. common, .. sides, .. tail],
            cancellationToken, LiteralRequest)).StandardOutput;
        var files = ParseSummary(summary);
        if (query.IncludePatch && files.Count > 0)
        {
            var patch = (await _git.RunAsync(root,
                ["diff", string.Create(CultureInfo.InvariantCulture, $"-U{query.ContextLines}"), "--inter-hunk-context=0", .. common, .. sides, .. tail],
                cancellationToken, LiteralRequest)).StandardOutput;
            var chunks = SplitPatch(patch);
            for (var i = 0; i < files.Count && i < chunks.Count; i++)
            {
                var text = files[i].IsBinary ? string.Empty : UnifiedDiff.FromFirstHunk(chunks[i]);
                files[i] = files[i] with { Patch = text, Hunks = UnifiedDiff.Hunks(text) };
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>Reads <c>--raw --numstat -z</c>: the raw records first (kinds and paths), then the counts in the same order.</summary>
    static List<GitDiffFile> ParseSummary(string output)
    {
        var tokens = output.Split('\0');
        var files = new List<GitDiffFile>();
        var i = 0;
        while (i < tokens.Length && tokens[i].StartsWith(':'))
        {
            // :100644 100644 <sha> <sha> R086 \0 old \0 new
            var status = tokens[i][(tokens[i].LastIndexOf(' ') + 1)..];
            var kind = status[0] switch
            {
                'A' => GitChangeKind.Added,
                'D' => GitChangeKind.Deleted,
                'M' => GitChangeKind.Modified,
                'R' => GitChangeKind.Renamed,
                'C' => GitChangeKind.Copied,
                'T' => GitChangeKind.TypeChanged,
                'U' => GitChangeKind.Unmerged,
                _ => GitChangeKind.Unmodified,
            };
            if (kind is GitChangeKind.Renamed or GitChangeKind.Copied)
            {
                files.Add(new GitDiffFile(kind, tokens[i + 2], tokens[i + 1], 0, 0, false, [], string.Empty));
                i += 3;
            }
            else
            {
                files.Add(new GitDiffFile(kind, tokens[i + 1], tokens[i + 1], 0, 0, false, [], string.Empty));
                i += 2;
            }
        }

        var n = 0;
        while (i < tokens.Length && n < files.Count)
        {
            // added \t deleted \t path   or, for a rename: added \t deleted \t \0 old \0 new
            var token = tokens[i];
            if (token.Length == 0)
            {
                i++;
                continue;
            }

            var parts = token.Split('\t', 3);
            var binary = string.Equals(parts[0], "-", StringComparison.Ordinal);
            files[n] = files[n] with
            {
                IsBinary = binary,
                Additions = binary ? 0 : int.Parse(parts[0], CultureInfo.InvariantCulture),
                Deletions = binary ? 0 : int.Parse(parts[1], CultureInfo.InvariantCulture),
            };
            i += parts[2].Length == 0 ? 3 : 1;
            n++;
        }

        return files;
    }

    /// <summary>Cuts a multi-file patch at each <c>diff --git</c> header; git writes files in the order of <c>--raw</c>.</summary>
    static List<string> SplitPatch(string patch)
    {
        var chunks = new List<string>();
        var start = patch.StartsWith("diff --git ", StringComparison.Ordinal) ? 0 : -1;
        var position = 0;
        while (true)
        {
            var next = patch.IndexOf("\ndiff --git ", position, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }

            if (start >= 0)
            {
                chunks.Add(patch[start..(next + 1)]);
            }

            start = next + 1;
            position = next + 1;
        }

        if (start >= 0)
        {
            chunks.Add(patch[start..]);
        }

        return chunks;
    }

    public async Task<IReadOnlyList<GitBlameLine>> BlameAsync(string repositoryPath, string file, string? revision, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        var path = RepositoryPaths.Confine(root, file);
        var output = (await _git.RunAsync(root,
            ["blame", "--porcelain", RepositoryPaths.Revision(revision ?? "HEAD"), "--", path], cancellationToken, LiteralRequest)).StandardOutput;
        var authors = new Dictionary<string, (string Name, string Email, long Time, string Zone)>(StringComparer.Ordinal);
        var lines = new List<GitBlameLine>();
        string? sha = null;
        var number = 0;
        string name = string.Empty, email = string.Empty, zone = "+0000";
        long time = 0;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith('\t'))
            {
                if (!authors.TryGetValue(sha!, out var known))
                {
                    // The author lines come only with a commit's first group; later groups reuse them.
                    known = (name, email, time, zone);
                    authors[sha!] = known;
                }

                lines.Add(new GitBlameLine(number, sha!, known.Name, known.Email, When(known.Time, known.Zone), line[1..]));
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var key = space < 0 ? line : line[..space];
            var value = space < 0 ? string.Empty : line[(space + 1)..];
            if (key.Length == 40 && key.All(char.IsAsciiHexDigit))
            {
                // <sha> <original line> <final line> [<lines in group>]
                sha = key;
                number = int.Parse(value.Split(' ')[1], CultureInfo.InvariantCulture);
                continue;
            }

            switch (key)
            {
                case "author":
                    name = value;
                    break;
                case "author-mail":
                    email = value.TrimStart('<').TrimEnd('>');
                    break;
                case "author-time":
                    time = long.Parse(value, CultureInfo.InvariantCulture);
                    break;
                case "author-tz":
                    zone = value;
                    break;
            }
        }

        return lines;
    }

    static DateTimeOffset When(long seconds, string zone)
    {
        var sign = zone[0] == '-' ? -1 : 1;
        var hours = int.Parse(zone.AsSpan(1, 2), CultureInfo.InvariantCulture);
        var minutes = int.Parse(zone.AsSpan(3, 2), CultureInfo.InvariantCulture);
        return DateTimeOffset.FromUnixTimeSeconds(seconds).ToOffset(new TimeSpan(sign * hours, sign * minutes, 0));
    }

    public async Task<GitCommit> GetCommitAsync(string repositoryPath, string revision, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        var sha = await ResolveRefAsync(root, revision, cancellationToken);
        var output = (await _git.RunAsync(root,
            ["log", "-z", "--no-color", "-1", "--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B", sha, "--"],
            cancellationToken)).StandardOutput;
        return ParseLog(output)[0];
    }

    public async Task<string> ResolveRefAsync(string repositoryPath, string revision, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        var result = await _git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", RepositoryPaths.Revision(revision) + "^{commit}"],
            cancellationToken, new GitCliRequest { AcceptedExitCodes = [0, 1] });
        return result.ExitCode == 0
            ? result.StandardOutput.Trim()
            : throw new LightningException(ErrorKind.NotFound, "git.unknown_ref", $"Unknown reference '{revision}'.");
    }
}
