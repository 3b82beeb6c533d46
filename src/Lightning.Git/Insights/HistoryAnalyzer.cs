using System.Diagnostics;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Git.Insights;

/// <summary>
/// Churn and hotspots, change coupling, bus factor per folder and commit frequency, all from one streaming pass over
/// <c>git log --numstat</c>. Merge commits count as commits (and in the frequency) but carry no churn: git prints no
/// numstat for them, and their changes are already counted on the commits that made them.
/// </summary>
public sealed class HistoryAnalyzer(GitCli git, ILogger<HistoryAnalyzer>? logger = null)
{
    readonly GitLogReader _reader = new(git);
    readonly ILogger _logger = logger ?? NullLogger<HistoryAnalyzer>.Instance;

    /// <summary>Analyses the history of the repository at <paramref name="repositoryPath"/> selected by the options' filter.</summary>
    public async Task<HistoryAnalysis> AnalyzeAsync(string repositoryPath, HistoryAnalysisOptions? options, CancellationToken cancellationToken)
    {
        options ??= new HistoryAnalysisOptions();
        Validate(options);
        var stopwatch = Stopwatch.StartNew();
        var accumulator = new Accumulator(options);
        await _reader.ReadAsync(repositoryPath, options.Filter, options.DetectRenames, withTrailers: false, accumulator.Add, cancellationToken);
        var analysis = accumulator.Build();
        if (analysis.Hotspots.Count > 0 && Tip(options.Filter.Range) is { } tip)
        {
            var tree = await TreeAsync(repositoryPath, tip, cancellationToken);
            analysis = analysis with { Hotspots = [.. analysis.Hotspots.Select(file => file with { ExistsAtTip = tree.Contains(file.Path) })] };
        }

        InsightsLog.HistoryAnalyzed(_logger, analysis.Commits, analysis.Hotspots.Count, stopwatch.Elapsed);
        return analysis;
    }

    /// <summary>The last revision of a range: <c>HEAD</c>, <c>x</c>, or the right side of <c>a..b</c>/<c>a...b</c>; else none.</summary>
    internal static string? Tip(string? range)
    {
        if (range is null)
        {
            return "HEAD";
        }

        if (range.AsSpan().IndexOfAny(' ', '^') >= 0)
        {
            return null;
        }

        var dots = range.LastIndexOf("..", StringComparison.Ordinal);
        if (dots < 0)
        {
            return range;
        }

        var right = range[(dots + 2)..].TrimStart('.');
        return right.Length == 0 ? "HEAD" : right;
    }

    async Task<HashSet<string>> TreeAsync(string repositoryPath, string tip, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(RepositoryPaths.Root(repositoryPath),
            ["ls-tree", "-r", "-z", "--name-only", "--full-tree", "--end-of-options", tip], cancellationToken);
        return new HashSet<string>(result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries), StringComparer.Ordinal);
    }

    static void Validate(HistoryAnalysisOptions options)
    {
        var problem = options.Filter is null ? "Filter may not be null."
            : options.MaxHotspots < 0 || options.MaxCouplings < 0 ? "MaxHotspots and MaxCouplings may not be negative."
            : options.CouplingMinSharedCommits < 1 ? "CouplingMinSharedCommits must be at least 1."
            : options.CouplingMinDegree is < 0 or > 1 or double.NaN ? "CouplingMinDegree must be between 0 and 1."
            : options.CouplingMaxFilesPerCommit < 2 ? "CouplingMaxFilesPerCommit must be at least 2: a pair needs two files."
            : !Enum.IsDefined(options.Bucket) ? "Bucket must be Day, Week or Month."
            : null;
        if (problem is not null)
        {
            throw new LightningException(ErrorKind.Invalid, "insights.invalid_options", problem);
        }
    }

    sealed class Tally
    {
        public int Changes;
        public int Added;
        public int Removed;

        public void Add(LogFileChange change)
        {
            Changes++;
            Added += change.Added;
            Removed += change.Removed;
        }
    }

    sealed class FolderStats(string path)
    {
        public string Path { get; } = path;
        public int Commits;
        public int LastOrdinal = -1;
        public int Files;
        public int Added;
        public int Removed;
        public Dictionary<int, Tally> Authors { get; } = [];
    }

    sealed class FileStats(int id, string path, FolderStats[] folders)
    {
        public int Id { get; } = id;
        public string Path { get; } = path;
        public FolderStats[] Folders { get; } = folders;
        public int Commits;
        public int CouplingCommits;
        public int Added;
        public int Removed;
        public DateTimeOffset LastChange = DateTimeOffset.MinValue;
        public string LastCommit = string.Empty;
        public Dictionary<int, Tally> Authors { get; } = [];
    }

    sealed class Bucket
    {
        public int Commits;
        public int Added;
        public int Removed;
        public HashSet<int> Authors { get; } = [];
    }

    sealed class Accumulator(HistoryAnalysisOptions options)
    {
        readonly Dictionary<string, FileStats> _files = new(StringComparer.Ordinal);
        readonly List<FileStats> _fileById = [];
        readonly Dictionary<string, FolderStats> _folders = new(StringComparer.Ordinal);
        readonly Dictionary<string, int> _authorIds = new(StringComparer.Ordinal);
        readonly List<(string Name, string Email)> _authors = [];
        readonly Dictionary<long, int> _pairs = [];
        readonly Dictionary<DateTimeOffset, Bucket> _buckets = [];
        readonly List<FileStats> _touched = [];
        int _commits;
        int _merges;
        int _couplingCommits;
        DateTimeOffset? _first;
        DateTimeOffset? _last;

        public void Add(LogCommit commit)
        {
            var ordinal = _commits++;
            if (commit.IsMerge)
            {
                _merges++;
            }

            _first = _first is { } first && first <= commit.AuthorTime ? first : commit.AuthorTime;
            _last = _last is { } last && last >= commit.AuthorTime ? last : commit.AuthorTime;
            var author = AuthorId(commit.AuthorName, commit.AuthorEmail);
            var bucketStart = BucketStart(commit.AuthorTime, options.Bucket);
            if (!_buckets.TryGetValue(bucketStart, out var bucket))
            {
                _buckets[bucketStart] = bucket = new Bucket();
            }

            bucket.Commits++;
            bucket.Authors.Add(author);
            _touched.Clear();
            foreach (var change in commit.Files)
            {
                var file = File(change.Path);
                file.Commits++;
                file.Added += change.Added;
                file.Removed += change.Removed;
                if (commit.AuthorTime > file.LastChange)
                {
                    file.LastChange = commit.AuthorTime;
                    file.LastCommit = commit.Hash;
                }

                TallyFor(file.Authors, author).Add(change);
                foreach (var folder in file.Folders)
                {
                    if (folder.LastOrdinal != ordinal)
                    {
                        folder.LastOrdinal = ordinal;
                        folder.Commits++;
                    }

                    folder.Added += change.Added;
                    folder.Removed += change.Removed;
                    TallyFor(folder.Authors, author).Add(change);
                }

                bucket.Added += change.Added;
                bucket.Removed += change.Removed;
                _touched.Add(file);
            }

            if (_touched.Count > 0 && _touched.Count <= options.CouplingMaxFilesPerCommit)
            {
                _couplingCommits++;
                for (var i = 0; i < _touched.Count; i++)
                {
                    _touched[i].CouplingCommits++;
                    for (var j = i + 1; j < _touched.Count; j++)
                    {
                        var a = Math.Min(_touched[i].Id, _touched[j].Id);
                        var b = Math.Max(_touched[i].Id, _touched[j].Id);
                        var key = ((long)a << 32) | (uint)b;
                        _pairs[key] = _pairs.GetValueOrDefault(key) + 1;
                    }
                }
            }
        }

        public HistoryAnalysis Build()
        {
            var hotspots = _fileById
                .Select(file => new FileHotspot(
                    file.Path, file.Commits, file.Added, file.Removed, (long)file.Commits * (file.Added + file.Removed),
                    file.LastChange, file.LastCommit, Shares(file.Authors)))
                .OrderByDescending(file => file.Score)
                .ThenByDescending(file => file.Commits)
                .ThenBy(file => file.Path, StringComparer.Ordinal)
                .Take(Math.Max(0, options.MaxHotspots))
                .ToList();

            var folders = _folders.Values
                .OrderBy(folder => folder.Path, StringComparer.Ordinal)
                .Select(folder =>
                {
                    var shares = Shares(folder.Authors);
                    return new FolderInsight(folder.Path, folder.Commits, folder.Files, folder.Added, folder.Removed, BusFactor(shares), shares);
                })
                .ToList();

            var coupling = new List<ChangeCoupling>();
            foreach (var (key, shared) in _pairs)
            {
                if (shared < options.CouplingMinSharedCommits)
                {
                    continue;
                }

                var a = _fileById[(int)(key >> 32)];
                var b = _fileById[(int)(uint)key];
                var degree = shared / ((a.CouplingCommits + b.CouplingCommits) / 2.0);
                if (degree < options.CouplingMinDegree)
                {
                    continue;
                }

                var (first, second) = string.CompareOrdinal(a.Path, b.Path) <= 0 ? (a, b) : (b, a);
                coupling.Add(new ChangeCoupling(
                    first.Path, second.Path, shared, first.CouplingCommits, second.CouplingCommits, degree,
                    (double)shared / _couplingCommits, (double)shared / first.CouplingCommits, (double)shared / second.CouplingCommits));
            }

            var rankedCoupling = coupling
                .OrderByDescending(pair => pair.Degree)
                .ThenByDescending(pair => pair.SharedCommits)
                .ThenBy(pair => pair.FileA, StringComparer.Ordinal)
                .ThenBy(pair => pair.FileB, StringComparer.Ordinal)
                .Take(Math.Max(0, options.MaxCouplings))
                .ToList();

            return new HistoryAnalysis(_commits, _merges, _first, _last, hotspots, folders, rankedCoupling, Frequency())
            {
                CouplingCommits = _couplingCommits,
            };
        }

        List<CommitFrequency> Frequency()
        {
            var result = new List<CommitFrequency>();
            if (_buckets.Count == 0)
            {
                return result;
            }

            // Empty buckets between the first and the last are kept, so a chart shows the quiet weeks too.
            var start = _buckets.Keys.Min();
            var end = _buckets.Keys.Max();
            for (var at = start; at <= end; at = Next(at, options.Bucket))
            {
                result.Add(_buckets.TryGetValue(at, out var bucket)
                    ? new CommitFrequency(at, bucket.Commits, bucket.Added, bucket.Removed, bucket.Authors.Count)
                    : new CommitFrequency(at, 0, 0, 0, 0));
            }

            return result;
        }

        List<AuthorShare> Shares(Dictionary<int, Tally> tallies)
        {
            var total = tallies.Values.Sum(tally => tally.Changes);
            return tallies
                .Select(pair => new AuthorShare(
                    _authors[pair.Key].Name, _authors[pair.Key].Email, pair.Value.Changes, pair.Value.Added, pair.Value.Removed,
                    total == 0 ? 0 : (double)pair.Value.Changes / total))
                .OrderByDescending(share => share.Changes)
                .ThenBy(share => share.Name, StringComparer.Ordinal)
                .ToList();
        }

        static int BusFactor(List<AuthorShare> shares)
        {
            // Shares are sorted most changes first, so the first authors past half are the smallest such group.
            var total = shares.Sum(share => share.Changes);
            var covered = 0;
            var authors = 0;
            foreach (var share in shares)
            {
                if (covered * 2 > total)
                {
                    break;
                }

                covered += share.Changes;
                authors++;
            }

            return authors;
        }

        FileStats File(string path)
        {
            if (_files.TryGetValue(path, out var known))
            {
                return known;
            }

            var folders = new List<FolderStats> { Folder(".") };
            for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
            {
                folders.Add(Folder(path[..slash]));
            }

            foreach (var folder in folders)
            {
                folder.Files++;
            }

            var file = new FileStats(_fileById.Count, path, [.. folders]);
            _files[path] = file;
            _fileById.Add(file);
            return file;
        }

        FolderStats Folder(string path)
        {
            if (!_folders.TryGetValue(path, out var folder))
            {
                _folders[path] = folder = new FolderStats(path);
            }

            return folder;
        }

        int AuthorId(string name, string email)
        {
            // The mailmap has already merged identities; the e-mail (case aside) is what stays the same across names.
            var key = email.Length > 0 ? email.ToUpperInvariant() : name;
            if (!_authorIds.TryGetValue(key, out var id))
            {
                id = _authors.Count;
                _authorIds[key] = id;
                _authors.Add((name, email));
            }

            return id;
        }

        static Tally TallyFor(Dictionary<int, Tally> tallies, int author)
        {
            if (!tallies.TryGetValue(author, out var tally))
            {
                tallies[author] = tally = new Tally();
            }

            return tally;
        }
    }

    internal static DateTimeOffset BucketStart(DateTimeOffset instant, FrequencyBucket bucket)
    {
        var utc = instant.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        return bucket switch
        {
            FrequencyBucket.Day => day,
            FrequencyBucket.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
            FrequencyBucket.Month => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero),
            _ => throw new ArgumentOutOfRangeException(nameof(bucket), bucket, "Unknown bucket width."),
        };
    }

    static DateTimeOffset Next(DateTimeOffset start, FrequencyBucket bucket) => bucket switch
    {
        FrequencyBucket.Day => start.AddDays(1),
        FrequencyBucket.Week => start.AddDays(7),
        _ => start.AddMonths(1),
    };
}
