using System.Globalization;
using Lightning.Core.Errors;
using Lightning.Git.Insights;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Insights;

public sealed class HistoryAnalyzerTests
{
    readonly HistoryAnalyzer _analyzer = new(new GitCli());

    static string Lines(int count, string seed) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"{seed} {i}\n"));

    [Fact]
    public async Task AnalyzeAsync_FilesChangedOftenAndMuch_RankFirstWithAuthors()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("src/hot.cs", Lines(10, "a"), "feat: hot", author: "Alice");
        repository.CommitFile("src/cold.cs", Lines(50, "c"), "feat: cold", author: "Bob");
        repository.CommitFile("src/hot.cs", Lines(10, "b"), "fix: hot again", author: "Bob");
        var last = repository.CommitFile("src/hot.cs", Lines(12, "c"), "fix: hot once more", author: "Alice");

        var analysis = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);

        analysis.Commits.ShouldBe(4);
        analysis.Hotspots.Select(file => file.Path).ShouldBe(["src/hot.cs", "src/cold.cs"]);
        var hot = analysis.Hotspots[0];
        hot.Commits.ShouldBe(3);
        hot.LinesAdded.ShouldBe(10 + 10 + 12);
        hot.LinesRemoved.ShouldBe(10 + 10);
        hot.Score.ShouldBe(3L * (32 + 20));
        hot.LastCommit.ShouldBe(last);
        hot.LastChange.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 3, 0, TimeSpan.Zero));
        hot.Authors.Select(author => (author.Name, author.Changes)).ShouldBe([("Alice", 2), ("Bob", 1)]);
        hot.Authors[0].Email.ShouldBe("alice@example.com");
        analysis.Hotspots[1].Score.ShouldBe(50L);
    }

    [Fact]
    public async Task AnalyzeAsync_ManyCommits_AgreesWithGitsOwnNumstat()
    {
        using var repository = GitTestRepository.Create();
        var random = new Random(42);
        for (var commit = 0; commit < 40; commit++)
        {
            for (var file = random.Next(1, 4); file > 0; file--)
            {
                repository.Write($"m{random.Next(3)}/f{random.Next(8)}.txt", Lines(random.Next(1, 15), $"c{commit}"));
            }

            repository.Commit($"change {commit}", author: $"Dev {random.Next(4)}");
        }

        var analysis = await _analyzer.AnalyzeAsync(repository.Path, new HistoryAnalysisOptions { MaxHotspots = 1000 }, TestContext.Current.CancellationToken);

        // The same numbers, counted from git's plain text output.
        var expected = repository.Git("log", "--numstat", "--format=", "--no-renames")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .GroupBy(parts => parts[2], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (Commits: group.Count(), Added: group.Sum(parts => int.Parse(parts[0], CultureInfo.InvariantCulture)),
                Removed: group.Sum(parts => int.Parse(parts[1], CultureInfo.InvariantCulture))), StringComparer.Ordinal);
        analysis.Commits.ShouldBe(40);
        analysis.Hotspots.Select(file => (file.Path, file.Commits, file.LinesAdded, file.LinesRemoved)).OrderBy(file => file.Path, StringComparer.Ordinal)
            .ShouldBe(expected.Select(file => (file.Key, file.Value.Commits, file.Value.Added, file.Value.Removed)).OrderBy(file => file.Key, StringComparer.Ordinal));
        analysis.Frequency.Sum(bucket => bucket.LinesAdded).ShouldBe(expected.Values.Sum(file => file.Added));
    }

    [Fact]
    public async Task AnalyzeAsync_DeletedFiles_MarkedAsGoneAtTheTip()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("kept.txt", "1\n", "one");
        repository.CommitFile("gone.txt", "1\n", "two");
        repository.Tag("v1");
        repository.Delete("gone.txt").Commit("three");

        var head = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);
        var atTag = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { Range = "v1" } }, TestContext.Current.CancellationToken);

        head.Hotspots.Single(file => file.Path == "gone.txt").ExistsAtTip.ShouldBe(false);
        head.Hotspots.Single(file => file.Path == "kept.txt").ExistsAtTip.ShouldBe(true);
        atTag.Hotspots.ShouldAllBe(file => file.ExistsAtTip == true);
    }

    [Theory]
    [InlineData(null, "HEAD")]
    [InlineData("main", "main")]
    [InlineData("v1..main", "main")]
    [InlineData("v1...feature", "feature")]
    [InlineData("v1..", "HEAD")]
    [InlineData("^v1 main", null)]
    public void Tip_Ranges_LastRevision(string? range, string? tip) => HistoryAnalyzer.Tip(range).ShouldBe(tip);

    [Fact]
    public async Task AnalyzeAsync_MaxHotspots_KeepsTheBest()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", Lines(1, "a"), "one");
        repository.CommitFile("b.txt", Lines(5, "b"), "two");
        repository.CommitFile("c.txt", Lines(3, "c"), "three");

        var analysis = await _analyzer.AnalyzeAsync(repository.Path, new HistoryAnalysisOptions { MaxHotspots = 2 }, TestContext.Current.CancellationToken);

        analysis.Hotspots.Select(file => file.Path).ShouldBe(["b.txt", "c.txt"]);
    }

    [Fact]
    public async Task AnalyzeAsync_FilesChangingTogether_AreCoupled()
    {
        using var repository = GitTestRepository.Create();
        for (var i = 0; i < 3; i++)
        {
            repository.Write("api/Order.cs", Lines(i + 1, "o")).Write("api/OrderDto.cs", Lines(i + 1, "d")).Commit($"feat: order {i}");
        }

        repository.CommitFile("api/Order.cs", Lines(9, "x"), "fix: order alone");
        repository.CommitFile("api/Other.cs", Lines(2, "y"), "feat: other");

        var analysis = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { CouplingMinSharedCommits = 2, CouplingMinDegree = 0.5 }, TestContext.Current.CancellationToken);

        var pair = analysis.Coupling.ShouldHaveSingleItem();
        pair.FileA.ShouldBe("api/Order.cs");
        pair.FileB.ShouldBe("api/OrderDto.cs");
        pair.SharedCommits.ShouldBe(3);
        pair.CommitsA.ShouldBe(4);
        pair.CommitsB.ShouldBe(3);
        pair.Degree.ShouldBe(3 / 3.5, 1e-9);
        pair.Support.ShouldBe(3 / 5.0, 1e-9);
        pair.ConfidenceAToB.ShouldBe(0.75, 1e-9);
        pair.ConfidenceBToA.ShouldBe(1.0, 1e-9);
        analysis.CouplingCommits.ShouldBe(5);
    }

    [Fact]
    public async Task AnalyzeAsync_MassChanges_LeftOutOfCouplingUnlessTheLimitAllowsThem()
    {
        using var repository = GitTestRepository.Create();
        for (var i = 0; i < 3; i++)
        {
            repository.Write("a.cs", Lines(i + 1, "a")).Write("b.cs", Lines(i + 1, "b")).Commit($"feat: pair {i}");
        }

        for (var round = 0; round < 3; round++)
        {
            for (var file = 0; file < 8; file++)
            {
                repository.Write($"gen/f{file}.cs", Lines(round + 1, "g"));
            }

            repository.Commit($"chore: reformat {round}");
        }

        var limited = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { CouplingMinSharedCommits = 2, CouplingMaxFilesPerCommit = 5 }, TestContext.Current.CancellationToken);
        var unlimited = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { CouplingMinSharedCommits = 2, CouplingMaxFilesPerCommit = 50, MaxCouplings = 1000 }, TestContext.Current.CancellationToken);

        limited.Coupling.ShouldHaveSingleItem().FileA.ShouldBe("a.cs");
        limited.CouplingCommits.ShouldBe(3);
        // Mass commits still count as churn.
        limited.Hotspots.Count(file => file.Path.StartsWith("gen/", StringComparison.Ordinal)).ShouldBe(8);
        unlimited.Coupling.Count.ShouldBe(1 + (8 * 7 / 2));
        unlimited.Coupling.ShouldContain(pair => pair.FileA == "gen/f0.cs" && pair.FileB == "gen/f7.cs" && pair.SharedCommits == 3);
    }

    [Fact]
    public async Task AnalyzeAsync_Folders_RollUpWithBusFactorAndKnowledgeShares()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("core/a.cs", "1\n", "a1", author: "Alice");
        repository.CommitFile("core/a.cs", "2\n", "a2", author: "Alice");
        repository.CommitFile("core/deep/b.cs", "1\n", "a3", author: "Alice");
        repository.CommitFile("core/a.cs", "3\n", "b1", author: "Bob");
        repository.CommitFile("core/deep/b.cs", "2\n", "c1", author: "Carol");
        repository.CommitFile("web/1.ts", "1\n", "w1", author: "Alice");
        repository.CommitFile("web/2.ts", "1\n", "w2", author: "Bob");
        repository.CommitFile("web/3.ts", "1\n", "w3", author: "Carol");
        repository.CommitFile("web/4.ts", "1\n", "w4", author: "Dave");

        var analysis = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);

        var folders = analysis.Folders.ToDictionary(folder => folder.Path);
        folders.Keys.ShouldBe([".", "core", "core/deep", "web"]);
        var core = folders["core"];
        core.Commits.ShouldBe(5);
        core.Files.ShouldBe(2);
        core.BusFactor.ShouldBe(1);
        core.Authors.Select(author => (author.Name, author.Changes)).ShouldBe([("Alice", 3), ("Bob", 1), ("Carol", 1)]);
        core.Authors[0].Share.ShouldBe(0.6, 1e-9);
        // One change each of two: neither alone is more than half.
        folders["core/deep"].BusFactor.ShouldBe(2);
        folders["core/deep"].Files.ShouldBe(1);
        folders["web"].BusFactor.ShouldBe(3);
        folders["web"].Authors.ShouldAllBe(author => Math.Abs(author.Share - 0.25) < 1e-9);
        // Alice 4, Bob 2, Carol 2, Dave 1 of 9: Alice alone is not more than half, Alice and Bob are.
        folders["."].BusFactor.ShouldBe(2);
        folders["."].Commits.ShouldBe(9);
        folders["."].Files.ShouldBe(6);
    }

    [Fact]
    public async Task AnalyzeAsync_Frequency_BucketsInUtcWithEmptyBucketsKept()
    {
        using var repository = GitTestRepository.Create();
        CommitAt(repository, "a.txt", "1\n", "2026-03-02T10:00:00+00:00");
        // 23:30 in New York on 3 March is 04:30 UTC on 4 March.
        CommitAt(repository, "a.txt", "1\n2\n", "2026-03-03T23:30:00-05:00");
        CommitAt(repository, "b.txt", "1\n2\n3\n", "2026-03-04T08:00:00+02:00");
        CommitAt(repository, "b.txt", "1\n", "2026-03-16T12:00:00+00:00");

        var days = await _analyzer.AnalyzeAsync(repository.Path, new HistoryAnalysisOptions { Bucket = FrequencyBucket.Day }, TestContext.Current.CancellationToken);
        var weeks = await _analyzer.AnalyzeAsync(repository.Path, new HistoryAnalysisOptions { Bucket = FrequencyBucket.Week }, TestContext.Current.CancellationToken);
        var months = await _analyzer.AnalyzeAsync(repository.Path, new HistoryAnalysisOptions { Bucket = FrequencyBucket.Month }, TestContext.Current.CancellationToken);

        days.Frequency.Count.ShouldBe(15);
        days.Frequency[0].ShouldBe(new CommitFrequency(Utc(2026, 3, 2), 1, 1, 0, 1));
        days.Frequency[1].Commits.ShouldBe(0);
        days.Frequency[2].ShouldBe(new CommitFrequency(Utc(2026, 3, 4), 2, 4, 0, 1));
        days.Frequency[^1].ShouldBe(new CommitFrequency(Utc(2026, 3, 16), 1, 0, 2, 1));
        // 2 March 2026 is a Monday: weeks start there.
        weeks.Frequency.Select(week => (week.Start, week.Commits)).ShouldBe([(Utc(2026, 3, 2), 3), (Utc(2026, 3, 9), 0), (Utc(2026, 3, 16), 1)]);
        months.Frequency.ShouldHaveSingleItem().ShouldBe(new CommitFrequency(Utc(2026, 3, 1), 4, 5, 2, 1));
        days.FirstCommit.ShouldBe(Utc(2026, 3, 2).AddHours(10));
        days.LastCommit.ShouldBe(Utc(2026, 3, 16).AddHours(12));
    }

    [Fact]
    public async Task AnalyzeAsync_MergeCommits_CountButCarryNoChurn()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "base");
        repository.Branch("feature").Checkout("feature");
        repository.CommitFile("b.txt", "1\n2\n", "feature");
        repository.Checkout("main");
        repository.CommitFile("c.txt", "1\n", "main");
        repository.Git("merge", "-q", "--no-ff", "-m", "merge feature", "feature");

        var all = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);
        var mainline = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { FirstParent = true } }, TestContext.Current.CancellationToken);

        all.Commits.ShouldBe(4);
        all.MergeCommits.ShouldBe(1);
        all.Hotspots.Single(file => file.Path == "b.txt").Commits.ShouldBe(1);
        all.Folders.Single(folder => folder.Path == ".").Commits.ShouldBe(3);
        mainline.Commits.ShouldBe(3);
        mainline.MergeCommits.ShouldBe(1);
        mainline.Hotspots.Select(file => file.Path).Order(StringComparer.Ordinal).ShouldBe(["a.txt", "c.txt"]);
    }

    [Fact]
    public async Task AnalyzeAsync_Filters_SelectRangeSinceAndPaths()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("docs/readme.md", "1\n", "one");
        repository.Tag("v1");
        repository.CommitFile("src/a.cs", "1\n", "two");
        repository.CommitFile("docs/guide.md", "1\n", "three");

        var range = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { Range = "v1..HEAD" } }, TestContext.Current.CancellationToken);
        var since = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { Since = new DateTimeOffset(2026, 1, 1, 1, 1, 30, TimeSpan.FromHours(1)) } },
            TestContext.Current.CancellationToken);
        var paths = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { Paths = ["docs", Path.Combine(repository.Path, "src", "a.cs")] } },
            TestContext.Current.CancellationToken);

        range.Hotspots.Select(file => file.Path).Order(StringComparer.Ordinal).ShouldBe(["docs/guide.md", "src/a.cs"]);
        since.Commits.ShouldBe(1);
        since.Hotspots.ShouldHaveSingleItem().Path.ShouldBe("docs/guide.md");
        paths.Commits.ShouldBe(3);
        var docsOnly = await _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { Paths = ["docs"] } }, TestContext.Current.CancellationToken);
        docsOnly.Commits.ShouldBe(2);
    }

    [Fact]
    public async Task AnalyzeAsync_DetectRenames_CountsChangesUnderTheNewPath()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("old.txt", Lines(20, "line"), "add");
        repository.Git("mv", "old.txt", "new.txt");
        repository.Write("new.txt", Lines(20, "line") + "more\n").Commit("rename");

        var plain = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);
        var renames = await _analyzer.AnalyzeAsync(repository.Path, new HistoryAnalysisOptions { DetectRenames = true }, TestContext.Current.CancellationToken);

        plain.Hotspots.Single(file => file.Path == "new.txt").LinesAdded.ShouldBe(21);
        plain.Hotspots.Single(file => file.Path == "old.txt").LinesRemoved.ShouldBe(20);
        var renamed = renames.Hotspots.Single(file => file.Path == "new.txt");
        renamed.LinesAdded.ShouldBe(1);
        renamed.Commits.ShouldBe(1);
    }

    [Fact]
    public async Task AnalyzeAsync_UnusualFileNames_SurviveUnquoted()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("dir with space/é\tx.txt", "1\n", "odd");

        var analysis = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);

        analysis.Hotspots.ShouldHaveSingleItem().Path.ShouldBe("dir with space/é\tx.txt");
    }

    [Fact]
    public async Task AnalyzeAsync_EmptyRepository_HasNoHistory()
    {
        using var repository = GitTestRepository.Create();

        var analysis = await _analyzer.AnalyzeAsync(repository.Path, null, TestContext.Current.CancellationToken);

        analysis.Commits.ShouldBe(0);
        analysis.Frequency.ShouldBeEmpty();
        analysis.FirstCommit.ShouldBeNull();
    }

    [Theory]
    [InlineData("--output=/tmp/x", null, "git.invalid_ref")]
    [InlineData("no-such-branch", null, "git.unknown_ref")]
    [InlineData(null, "../outside", "git.path_outside_repository")]
    [InlineData(null, "/etc/passwd", "git.path_outside_repository")]
    public async Task AnalyzeAsync_BadInput_ThrowsAndLeavesTheRepositoryAsItWas(string? range, string? path, string code)
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "one");
        repository.Write("a.txt", "dirty\n");
        var before = Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { Filter = new HistoryFilter { Range = range, Paths = path is null ? null : [path] } },
            TestContext.Current.CancellationToken));

        error.Code.ShouldBe(code);
        Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task AnalyzeAsync_InvalidOptions_ThrowsInvalidOptions()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "one");

        var error = await Should.ThrowAsync<LightningException>(() => _analyzer.AnalyzeAsync(repository.Path,
            new HistoryAnalysisOptions { CouplingMaxFilesPerCommit = 1 }, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("insights.invalid_options");
        error.Kind.ShouldBe(ErrorKind.Invalid);
    }

    [Fact]
    public async Task AnalyzeAsync_Cancelled_Throws()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "one");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => _analyzer.AnalyzeAsync(repository.Path, null, cancelled.Token));
    }

    [Fact]
    public async Task AnalyzeAsync_NotARepository_Throws()
    {
        using var directory = new TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() => _analyzer.AnalyzeAsync(directory.Path, null, TestContext.Current.CancellationToken));
        var missing = await Should.ThrowAsync<LightningException>(() => _analyzer.AnalyzeAsync(directory.Combine("nope"), null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.not_a_repository");
        missing.Code.ShouldBe("git.not_a_repository");
    }

    internal static void CommitAt(GitTestRepository repository, string path, string content, string isoDate, string author = "Test Author <author@example.com>")
    {
        repository.Write(path, content);
        repository.Git("add", "-A");
        repository.Git("commit", "-q", "-m", "at " + isoDate, "--date", isoDate, "--author", author);
    }

    internal static string Snapshot(GitTestRepository repository) =>
        string.Join("\n",
            repository.Git("rev-parse", "HEAD"),
            repository.Git("for-each-ref", "--format=%(refname) %(objectname)"),
            repository.Git("ls-files", "--stage"),
            repository.Git("status", "--porcelain=v1", "--untracked-files=all"));

    static DateTimeOffset Utc(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);
}
