using Lightning.Core.Errors;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Insights.Conflicts;

public sealed class ConflictPredictorTests
{
    static readonly ConflictPredictionRequest AllBranches = new() { ActiveWithin = null };

    static CancellationToken Token => TestContext.Current.CancellationToken;

    static ConflictPredictor Predictor(DateTimeOffset? now = null) =>
        new(new GitCli(), new FixedTimeProvider(now ?? new DateTimeOffset(2026, 1, 1, 1, 0, 0, TimeSpan.Zero)));

    /// <summary>
    /// main and five branches from one base: edit-a and edit-b change the same line of a.txt (and both add notes.txt
    /// differently); other only adds c.txt; rename moves r.txt and remove deletes it; lonely has no common history.
    /// </summary>
    static GitTestRepository Branches()
    {
        var repository = GitTestRepository.Create();
        repository.Write("a.txt", "1\n2\n3\n").Write("r.txt", "moved or gone\n").Write("b.txt", "b\n").Commit("base");
        foreach (var name in new[] { "edit-a", "edit-b", "other", "rename", "remove" })
        {
            repository.Branch(name);
        }

        repository.CommitFile("main.txt", "main\n", "main moves on");
        repository.Checkout("edit-a");
        repository.Write("a.txt", "1\nA\n3\n").Write("notes.txt", "from a\n").Commit("edit a");
        repository.Checkout("edit-b");
        repository.Write("a.txt", "1\nB\n3\n").Write("notes.txt", "from b\n").Write("b.txt", "changed\n").Commit("edit b");
        repository.Checkout("other");
        repository.CommitFile("c.txt", "c\n", "other file");
        repository.Checkout("rename");
        repository.Git("mv", "r.txt", "moved.txt");
        repository.Commit("rename r");
        repository.Checkout("remove");
        repository.Delete("r.txt").Commit("remove r");
        repository.Checkout("main");
        return repository;
    }

    static void AddUnrelatedBranch(GitTestRepository repository)
    {
        repository.Git("checkout", "-q", "--orphan", "lonely");
        repository.Git("rm", "-rq", "--cached", ".");
        foreach (var file in new[] { "a.txt", "r.txt", "b.txt", "main.txt" })
        {
            repository.Delete(file);
        }

        repository.CommitFile("a.txt", "elsewhere\n", "unrelated root");
        repository.Checkout("main");
    }

    /// <summary>Everything about a pair, as one string, so two predictions can be compared whole.</summary>
    static string Describe(BranchPairPrediction pair) =>
        $"{pair.Ours}+{pair.Theirs} {pair.Status} {pair.LatestCommitAt:O} "
        + string.Join("; ", pair.Files.Select(f => $"{f.Path} [{string.Join(",", f.Kinds)}] {string.Join("|", f.Messages)}"));

    static BranchPairPrediction Pair(ConflictPrediction prediction, string ours, string theirs) =>
        prediction.Pairs.Single(p => string.Equals(p.Ours, ours, StringComparison.Ordinal) && string.Equals(p.Theirs, theirs, StringComparison.Ordinal));

    [Fact]
    public async Task PredictAsync_SeveralBranches_FindsConflictingAndCleanPairsRanked()
    {
        using var repository = Branches();

        var prediction = await Predictor().PredictAsync(repository.Path, AllBranches, Token);

        prediction.DefaultBranch.ShouldBe("main");
        prediction.Branches.Select(b => b.Name).ShouldBe(["main", "edit-a", "edit-b", "other", "remove", "rename"]);
        prediction.Pairs.Count.ShouldBe(15);
        var first = prediction.Pairs[0];
        (first.Ours, first.Theirs, first.Status).ShouldBe(("edit-a", "edit-b", BranchPairStatus.Conflicting));
        first.Files.Select(f => f.Path).ShouldBe(["a.txt", "notes.txt"]);
        first.Files[0].Kinds.ShouldBe([PredictedConflictKind.Content]);
        first.Files[1].Kinds.ShouldBe([PredictedConflictKind.AddAdd]);
        first.Files[1].Messages.ShouldHaveSingleItem().ShouldContain("notes.txt");
        var renameDelete = Pair(prediction, "remove", "rename");
        renameDelete.Status.ShouldBe(BranchPairStatus.Conflicting);
        renameDelete.Files.ShouldHaveSingleItem().Kinds.ShouldBe([PredictedConflictKind.RenameDelete]);
        prediction.Conflicting.Count().ShouldBe(2);
        prediction.Pairs.Skip(2).ShouldAllBe(p => p.Status == BranchPairStatus.Clean && p.Files.Count == 0);
        Pair(prediction, "main", "edit-b").Status.ShouldBe(BranchPairStatus.Clean);
    }

    [Fact]
    public async Task PredictAsync_RankedByFileCountThenRecency()
    {
        using var repository = Branches();
        // Pairs with late (newest commit) rank above the older one-file pair remove+rename, below the two-file pair;
        // equally recent pairs go by name.
        repository.Branch("late", "edit-a~1").Checkout("late");
        repository.CommitFile("a.txt", "1\nlate\n3\n", "late edit");
        repository.Checkout("main");

        var prediction = await Predictor().PredictAsync(repository.Path, AllBranches, Token);

        prediction.Conflicting.Select(p => $"{p.Ours}+{p.Theirs}:{p.Files.Count}").ShouldBe(
            ["edit-a+edit-b:2", "edit-a+late:1", "edit-b+late:1", "remove+rename:1"]);
    }

    [Fact]
    public async Task PredictAsync_UnrelatedHistory_ReportedInBothModes()
    {
        using var repository = Branches();
        AddUnrelatedBranch(repository);

        var batch = await Predictor().PredictAsync(repository.Path, AllBranches with { Mode = ConflictCheckMode.Batch }, Token);
        var parallel = await Predictor().PredictAsync(repository.Path, AllBranches with { Mode = ConflictCheckMode.Parallel, MaxConcurrency = 3 }, Token);

        batch.UsedBatchMode.ShouldBeTrue();
        parallel.UsedBatchMode.ShouldBeFalse();
        var unrelated = batch.Pairs.Where(p => p.Status == BranchPairStatus.UnrelatedHistories).ToList();
        unrelated.Count.ShouldBe(6);
        unrelated.ShouldAllBe(p => p.Theirs == "lonely" || p.Ours == "lonely");
        Pair(batch, "main", "lonely").Status.ShouldBe(BranchPairStatus.UnrelatedHistories);
        batch.Conflicting.Count().ShouldBe(2);
        parallel.Pairs.Select(Describe).ShouldBe(batch.Pairs.Select(Describe));
    }

    [Fact]
    public async Task PredictAsync_BatchAndParallel_GiveTheSameAnswers()
    {
        using var repository = Branches();

        var batch = await Predictor().PredictAsync(repository.Path, AllBranches with { Mode = ConflictCheckMode.Batch }, Token);
        var parallel = await Predictor().PredictAsync(repository.Path, AllBranches with { Mode = ConflictCheckMode.Parallel }, Token);

        batch.Pairs.Count.ShouldBe(15);
        parallel.Pairs.Select(Describe).ShouldBe(batch.Pairs.Select(Describe));
    }

    [Fact]
    public async Task PredictAsync_BareRepository_Works()
    {
        using var source = Branches();
        using var bare = GitTestRepository.Create(bare: true);
        source.Git("push", "-q", bare.Path, "--all");

        var prediction = await Predictor().PredictAsync(bare.Path, AllBranches, Token);

        prediction.DefaultBranch.ShouldBe("main");
        prediction.Pairs.Count.ShouldBe(15);
        prediction.Conflicting.Select(p => $"{p.Ours}+{p.Theirs}").ShouldBe(["edit-a+edit-b", "remove+rename"]);
    }

    [Theory]
    [InlineData(ConflictCheckMode.Batch)]
    [InlineData(ConflictCheckMode.Parallel)]
    public async Task PredictAsync_LeavesRepositoryAndObjectStoreUntouched(ConflictCheckMode mode)
    {
        using var repository = Branches();
        repository.Write("a.txt", "uncommitted\n").Write("untracked.txt", "u\n");
        repository.Git("add", "a.txt");
        string State() => string.Join("\n",
            repository.Git("status", "--porcelain=v1", "--untracked-files=all"),
            repository.Git("ls-files", "--stage"),
            repository.Git("for-each-ref"),
            repository.Git("rev-parse", "HEAD"),
            string.Join(",", Directory.EnumerateFiles(Path.Combine(repository.Path, ".git", "objects"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)));
        var before = State();

        var prediction = await Predictor().PredictAsync(repository.Path, AllBranches with { Mode = mode }, Token);

        prediction.Conflicting.Count().ShouldBe(2);
        State().ShouldBe(before);
    }

    [Fact]
    public async Task PredictAsync_ActivityWindow_SkipsStaleBranchesButKeepsTheDefault()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "base");                   // minute 0
        repository.Branch("stale").Branch("fresh");
        repository.Checkout("stale").CommitFile("a.txt", "stale\n", "s"); // minute 1
        for (var i = 0; i < 10; i++)
        {
            repository.Checkout("fresh").CommitFile("f.txt", $"{i}\n", "f"); // minutes 2..11
        }

        repository.Checkout("main");
        var now = new DateTimeOffset(2026, 1, 1, 0, 20, 0, TimeSpan.Zero);

        var prediction = await Predictor(now).PredictAsync(repository.Path, new ConflictPredictionRequest { ActiveWithin = TimeSpan.FromMinutes(15) }, Token);

        prediction.Branches.Select(b => b.Name).ShouldBe(["main", "fresh"]);
        var pair = prediction.Pairs.ShouldHaveSingleItem();
        (pair.Ours, pair.Theirs, pair.Status).ShouldBe(("main", "fresh", BranchPairStatus.Clean));
        pair.LatestCommitAt.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 11, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task PredictAsync_DefaultWindowOnOldRepository_ChecksOnlyTheDefaultBranch()
    {
        using var repository = Branches();

        var prediction = await Predictor(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)).PredictAsync(repository.Path, new ConflictPredictionRequest(), Token);

        prediction.Branches.Select(b => b.Name).ShouldBe(["main"]);
        prediction.Pairs.ShouldBeEmpty();
    }

    [Fact]
    public async Task PredictAsync_RemoteBranches_IncludedOnlyWhenAsked()
    {
        using var source = Branches();
        using var clone = GitTestRepository.Create();
        clone.CommitFile("local.txt", "l\n", "local root");
        clone.Git("remote", "add", "origin", source.Path);
        clone.Git("fetch", "-q", "origin");
        clone.Git("remote", "set-head", "origin", "main");

        var localOnly = await Predictor().PredictAsync(clone.Path, AllBranches, Token);
        var withRemotes = await Predictor().PredictAsync(clone.Path, AllBranches with { IncludeRemoteBranches = true, DefaultBranch = "origin/main" }, Token);

        localOnly.Branches.Select(b => b.Name).ShouldBe(["main"]);
        withRemotes.DefaultBranch.ShouldBe("origin/main");
        withRemotes.Branches.Select(b => b.Name).ShouldBe(
            ["origin/main", "main", "origin/edit-a", "origin/edit-b", "origin/other", "origin/remove", "origin/rename"]);
        withRemotes.Conflicting.Select(p => $"{p.Ours}+{p.Theirs}").ShouldBe(["origin/edit-a+origin/edit-b", "origin/remove+origin/rename"]);
        withRemotes.Pairs.Count(p => p.Status == BranchPairStatus.UnrelatedHistories).ShouldBe(6);
    }

    [Fact]
    public async Task PredictAsync_SameTip_CleanWithoutMerging()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "base");
        repository.Branch("copy");

        var prediction = await Predictor().PredictAsync(repository.Path, AllBranches, Token);

        prediction.Pairs.ShouldHaveSingleItem().Status.ShouldBe(BranchPairStatus.Clean);
    }

    [Fact]
    public async Task PredictAsync_TooManyPairs_Refused()
    {
        using var repository = Branches();

        var error = await Should.ThrowAsync<LightningException>(() =>
            Predictor().PredictAsync(repository.Path, AllBranches with { MaxPairs = 14 }, Token));

        error.Code.ShouldBe("git.too_many_pairs");
    }

    [Fact]
    public async Task PredictAsync_UnknownDefaultBranch_ThrowsUnknownRef()
    {
        using var repository = Branches();

        var error = await Should.ThrowAsync<LightningException>(() =>
            Predictor().PredictAsync(repository.Path, AllBranches with { DefaultBranch = "trunk" }, Token));

        error.Code.ShouldBe("git.unknown_ref");
    }

    [Fact]
    public async Task PredictAsync_NotARepository_ThrowsNotARepository()
    {
        using var directory = new TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() => Predictor().PredictAsync(directory.Path, AllBranches, Token));

        error.Code.ShouldBe("git.not_a_repository");
    }

    sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
