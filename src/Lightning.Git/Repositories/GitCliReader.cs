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
    static readonly GitCliRequest NoLocksRequest = new() { Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_OPTIONAL_LOCKS"] = "0" } };

    const string EmptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";

    readonly GitCli _git = git;

    public async Task<GitStatus> StatusAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        var root = RepositoryPaths.Root(repositoryPath);
        // A read takes no lock: without GIT_OPTIONAL_LOCKS=0 git status would write its refreshed index, and a commit
        // started at the same moment could fail on index.lock.
        string output;
        try
        {
            output = (await _git.RunAsync(root,
                ["status", "--porcelain=v2", "--branch", "-z", "--untracked-files=all", "--no-renames", "--ignored=no"],
                cancellationToken, NoLocksRequest)).StandardOutput;
        }
        catch (LightningException ex) when (ex.Message.Contains("must be run in a work tree", StringComparison.Ordinal))
        {
            // The same stable code as the in-process read gives.
            throw new LightningException(ErrorKind.Invalid, "git.bare_repository", $"'{root}' is a bare repository; this needs a worktree.", ex);
        }

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
        // The history is parsed as git writes it, a 64 KiB window at a time: 10,000 commits are ~3 MB of text that is
        // never held whole, and each field is cut out of the window once (no Split over the whole output).
        var parser = new LogParser();
        try
        {
            await _git.StreamAsync(root, arguments, parser.ReadAsync, cancellationToken, LiteralRequest);
        }
        catch (LightningException ex) when (ex.Code == "git.unknown_ref" && string.IsNullOrWhiteSpace(query.Revision))
        {
            // Asked only when git failed, so a log costs one process: no commits yet is an empty history, not an error.
            if (!await HasHeadAsync(root, cancellationToken))
            {
                return [];
            }

            throw;
        }

        return parser.Commits;
    }

    /// <summary>
    /// Reads <c>log -z</c> with nine NUL-separated fields per commit (sha, parents, author name, email, date, committer
    /// name, email, date, raw message) from a stream, turning each commit into a <see cref="GitCommit"/> as soon as its
    /// ninth field is complete.
    /// </summary>
    sealed class LogParser
    {
        const int Fields = 9;
        const string IsoDate = "yyyy-MM-dd'T'HH:mm:sszzz";
        readonly string[] _fields = new string[Fields];
        int _field;

        public List<GitCommit> Commits { get; } = [];

        public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            var buffer = new char[1 << 16];
            int start = 0, end = 0;
            while (true)
            {
                if (end == buffer.Length)
                {
                    // Keep the unfinished field; a field longer than the window (a huge message) doubles it.
                    if (start == 0)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                    else
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        end -= start;
                        start = 0;
                    }
                }

                var read = await reader.ReadAsync(buffer.AsMemory(end), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                end += read;
                start = Consume(buffer.AsSpan(0, end), start);
            }

            // The last message may end without a NUL.
            if (_field == Fields - 1)
            {
                Add(buffer.AsSpan(start, end - start));
            }
        }

        /// <summary>The same reading over output already in memory.</summary>
        public List<GitCommit> Parse(string output)
        {
            var start = Consume(output, 0);
            if (_field == Fields - 1)
            {
                Add(output.AsSpan(start));
            }

            return Commits;
        }

        /// <summary>Takes every complete field after <paramref name="start"/>; returns where the unfinished one begins.</summary>
        int Consume(ReadOnlySpan<char> window, int start)
        {
            while (true)
            {
                var length = window[start..].IndexOf('\0');
                if (length < 0)
                {
                    return start;
                }

                Add(window.Slice(start, length));
                start += length + 1;
            }
        }

        void Add(ReadOnlySpan<char> field)
        {
            var index = _field++;
            switch (index)
            {
                case 0:
                    _fields[0] = field.TrimStart('\n').ToString();
                    break;
                case 4:
                    _authorWhen = DateTimeOffset.ParseExact(field, IsoDate, CultureInfo.InvariantCulture);
                    break;
                case 7:
                    _committerWhen = DateTimeOffset.ParseExact(field, IsoDate, CultureInfo.InvariantCulture);
                    break;
                case 1:
                    _parents = new List<string>(2);
                    foreach (var range in field.Split(' '))
                    {
                        if (range.End.GetOffset(field.Length) > range.Start.GetOffset(field.Length))
                        {
                            _parents.Add(field[range].ToString());
                        }
                    }

                    break;
                case 2 or 3 or 5 or 6:
                    // A history has few distinct names and emails: one string each instead of one per commit.
                    if (!_people.TryGetValue(field, out var known))
                    {
                        known = field.ToString();
                        _people.Dictionary.Add(known, known);
                    }

                    _fields[index] = known;
                    break;
                default:
                    _fields[index] = field.ToString();
                    break;
            }

            if (_field < Fields)
            {
                return;
            }

            _field = 0;
            var (subject, body, message) = CommitMessages.Split(_fields[8]);
            Commits.Add(new GitCommit(_fields[0], _parents, _fields[2], _fields[3], _authorWhen, _fields[5], _fields[6], _committerWhen,
                subject, body, message));
        }

        readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _people =
            new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

        List<string> _parents = [];
        DateTimeOffset _authorWhen;
        DateTimeOffset _committerWhen;
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
        string[] summary = ["diff", "--raw", "--numstat", "-z", .. common, .. sides, .. tail];
        if (!query.IncludePatch)
        {
            var counts = (await _git.RunAsync(root, summary, cancellationToken, LiteralRequest)).StandardOutput;
            var stats = ParseSummary(counts, withCounts: true, out _);
            stats.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
            return stats;
        }

        // One process, one diff of each file: with -p after --raw, git writes the raw records, a NUL, then the patch of
        // the same files in the same order, and the line counts are the patch's + and - lines. Adding --numstat would
        // make git diff every file twice (1.35x the time of `git diff` on the benchmark repository).
        // Streamed: each file's patch is parsed while git is still diffing the next ones, so on two cores the parse
        // costs little wall time; and only the file being read is held as text, besides the results.
        var parser = new PatchParser();
        await _git.StreamAsync(root,
            ["diff", "--raw", "-z", "-p", string.Create(CultureInfo.InvariantCulture, $"-U{query.ContextLines}"), "--inter-hunk-context=0",
                .. common, .. sides, .. tail],
            parser.ReadAsync, cancellationToken, LiteralRequest);
        var files = parser.Files;
        var unchangedContent = parser.UnchangedContent;
        if (unchangedContent)
        {
            // A pure rename or mode change shows no content in a patch, yet git still calls such a file binary when its
            // content is; only --numstat says so. Rare enough that the second diff is paid only then.
            var counted = ParseSummary((await _git.RunAsync(root, summary, cancellationToken, LiteralRequest)).StandardOutput, withCounts: true, out _);
            for (var i = 0; i < files.Count && i < counted.Count; i++)
            {
                if (files[i].Hunks.Count == 0)
                {
                    files[i] = files[i] with { IsBinary = counted[i].IsBinary };
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return files;
    }

    /// <summary>
    /// Reads <c>diff --raw -z -p</c> from a stream: the raw records (kinds and paths) end at the first two NULs in a row
    /// (a path is never empty), then the patch follows, one <c>diff --git</c> part per file in the order of the records.
    /// Each part is turned into its file's hunks and line counts as soon as the next part begins.
    /// </summary>
    sealed class PatchParser
    {
        char[] _buffer = new char[1 << 16];
        int _length;
        int _chunkStart = -1;
        int _file;

        public List<GitDiffFile> Files { get; private set; } = [];

        /// <summary>Some file's part had no hunk and no "Binary files" line: a pure rename or mode change.</summary>
        public bool UnchangedContent { get; private set; }

        public async Task ReadAsync(Stream stream, CancellationToken cancellationToken)
        {
            using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            while (true)
            {
                if (_length == _buffer.Length)
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }

                var read = await reader.ReadAsync(_buffer.AsMemory(_length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var searchFrom = Math.Max(0, _length - 16);
                _length += read;
                Consume(searchFrom);
            }

            if (_chunkStart < 0)
            {
                Files = ParseSummary(new string(_buffer, 0, _length), withCounts: false, out _);
            }
            else if (_length > _chunkStart)
            {
                Take(_chunkStart, _length);
            }
        }

        void Consume(int searchFrom)
        {
            if (_chunkStart < 0)
            {
                var separator = _buffer.AsSpan(0, _length).IndexOf("\0\0");
                if (separator < 0)
                {
                    return;
                }

                Files = ParseSummary(new string(_buffer, 0, separator + 1), withCounts: false, out _);
                _chunkStart = separator + 2;
                searchFrom = _chunkStart;
            }

            while (true)
            {
                var from = Math.Max(searchFrom, _chunkStart + 1);
                var next = from >= _length ? -1 : _buffer.AsSpan(from, _length - from).IndexOf("\ndiff --git ");
                if (next < 0)
                {
                    break;
                }

                next += from;
                Take(_chunkStart, next + 1);
                _chunkStart = next + 1;
                searchFrom = _chunkStart + 1;
            }

            // Keep only the part still being read.
            _buffer.AsSpan(_chunkStart, _length - _chunkStart).CopyTo(_buffer);
            _length -= _chunkStart;
            _chunkStart = 0;
        }

        void Take(int start, int end)
        {
            if (_file >= Files.Count)
            {
                return;
            }

            var i = _file++;
            var chunk = _buffer.AsSpan(start, end - start);
            var hunkStart = chunk.IndexOf("\n@@ ", StringComparison.Ordinal);
            if (hunkStart < 0)
            {
                var binary = chunk.StartsWith("Binary files ", StringComparison.Ordinal) || chunk.Contains("\nBinary files ", StringComparison.Ordinal);
                UnchangedContent |= !binary;
                Files[i] = Files[i] with { IsBinary = binary };
                return;
            }

            var text = new string(chunk[(hunkStart + 1)..]);
            var hunks = UnifiedDiff.Hunks(text);
            int added = 0, deleted = 0;
            foreach (var hunk in hunks)
            {
                foreach (var line in hunk.Lines)
                {
                    added += line.Kind == '+' ? 1 : 0;
                    deleted += line.Kind == '-' ? 1 : 0;
                }
            }

            Files[i] = Files[i] with { Patch = text, Hunks = hunks, Additions = added, Deletions = deleted };
        }
    }

    /// <summary>
    /// Reads <c>--raw --numstat -z</c>: the raw records first (kinds and paths), then the counts in the same order.
    /// <paramref name="end"/> is where what follows them (a patch) starts. Fields are cut by index from the one string.
    /// </summary>
    static List<GitDiffFile> ParseSummary(string output, bool withCounts, out int end)
    {
        var files = new List<GitDiffFile>();
        var i = 0;
        while (i < output.Length && output[i] == ':')
        {
            // :100644 100644 <sha> <sha> R086 \0 old \0 new \0
            var header = output.IndexOf('\0', i);
            var kind = output[output.LastIndexOf(' ', header - 1, header - i) + 1] switch
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
            var first = NextField(output, header + 1, out i);
            var path = kind is GitChangeKind.Renamed or GitChangeKind.Copied ? NextField(output, i, out i) : first;
            files.Add(new GitDiffFile(kind, path, first, 0, 0, false, [], string.Empty));
        }

        for (var n = 0; withCounts && n < files.Count && i < output.Length; n++)
        {
            // added \t deleted \t path \0   or, for a rename: added \t deleted \t \0 old \0 new \0
            while (i < output.Length && output[i] == '\0')
            {
                i++;
            }

            var tab = output.IndexOf('\t', i);
            var tab2 = output.IndexOf('\t', tab + 1);
            var binary = output[i] == '-';
            files[n] = files[n] with
            {
                IsBinary = binary,
                Additions = binary ? 0 : int.Parse(output.AsSpan(i, tab - i), CultureInfo.InvariantCulture),
                Deletions = binary ? 0 : int.Parse(output.AsSpan(tab + 1, tab2 - tab - 1), CultureInfo.InvariantCulture),
            };
            var nul = output.IndexOf('\0', tab2 + 1);
            i = nul + 1;
            if (nul == tab2 + 1)
            {
                NextField(output, i, out i);
                NextField(output, i, out i);
            }
        }

        while (i < output.Length && output[i] == '\0')
        {
            i++;
        }

        end = i;
        return files;
    }

    static string NextField(string output, int start, out int next)
    {
        var nul = output.IndexOf('\0', start);
        next = nul + 1;
        return output[start..nul];
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
        return new LogParser().Parse(output)[0];
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
