using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Git.Tests.Repositories.Merging;

public sealed partial class GitMergeServiceTests
{
    readonly GitMergeService _service = new(new GitCli());

    static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>main and feature both change the middle line of f.txt from a common base; keep.txt is untouched.</summary>
    static GitTestRepository Diverged(string ours = "ours", string theirs = "theirs")
    {
        var repository = GitTestRepository.Create();
        repository.Write("f.txt", "a\nb\nc\n").Write("keep.txt", "k\n").Commit("base");
        repository.Branch("feature");
        repository.CommitFile("f.txt", $"a\n{ours}\nc\n", "main change");
        repository.Checkout("feature");
        repository.CommitFile("f.txt", $"a\n{theirs}\nc\n", "feature change");
        repository.Checkout("main");
        return repository;
    }

    static string[] Parents(GitTestRepository repository, string commit = "HEAD") =>
        repository.Git("rev-list", "--parents", "-n", "1", commit).Trim().Split(' ')[1..];

    [Fact]
    public async Task MergeAsync_Behind_FastForwards()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature").Checkout("feature");
        var tip = repository.CommitFile("b.txt", "b\n", "feature");
        repository.Checkout("main");

        var result = await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        result.Outcome.ShouldBe(GitMergeOutcome.FastForwarded);
        result.Head.ShouldBe(tip);
        repository.Git("rev-parse", "main").Trim().ShouldBe(tip);
    }

    [Fact]
    public async Task MergeAsync_SourceAlreadyContained_UpToDateAndUnchanged()
    {
        using var repository = GitTestRepository.Create();
        var old = repository.CommitFile("a.txt", "a\n", "base");
        repository.Tag("v1");
        var head = repository.CommitFile("a.txt", "b\n", "next");
        var before = RepositorySnapshot.Capture(repository);

        var result = await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "v1" }, Token);

        result.Outcome.ShouldBe(GitMergeOutcome.UpToDate);
        result.Head.ShouldBe(head);
        old.ShouldNotBe(head);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task MergeAsync_NoFastForward_MakesMergeCommitWithTwoParents()
    {
        using var repository = GitTestRepository.Create();
        var baseCommit = repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature").Checkout("feature");
        var tip = repository.CommitFile("b.txt", "b\n", "feature");
        repository.Checkout("main");

        var result = await _service.MergeAsync(repository.Path,
            new GitMergeRequest { Source = "feature", Mode = GitMergeMode.NoFastForward, Message = "Merge feature for release" }, Token);

        result.Outcome.ShouldBe(GitMergeOutcome.Merged);
        Parents(repository).ShouldBe([baseCommit, tip]);
        repository.Git("log", "-1", "--format=%s").Trim().ShouldBe("Merge feature for release");
    }

    [Fact]
    public async Task MergeAsync_DivergedWithoutOverlap_MakesThreeWayMerge()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature");
        var ours = repository.CommitFile("main.txt", "m\n", "main side");
        repository.Checkout("feature");
        var theirs = repository.CommitFile("feature.txt", "f\n", "feature side");
        repository.Checkout("main");

        var result = await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        result.Outcome.ShouldBe(GitMergeOutcome.Merged);
        result.Conflicts.ShouldBeEmpty();
        result.Head.ShouldBe(repository.Git("rev-parse", "HEAD").Trim());
        Parents(repository).ShouldBe([ours, theirs]);
        repository.Git("log", "-1", "--format=%s").Trim().ShouldBe("Merge branch 'feature'");
        File.ReadAllText(Path.Combine(repository.Path, "feature.txt")).ShouldBe("f\n");
        repository.Git("status", "--porcelain").ShouldBeEmpty();
    }

    [Fact]
    public async Task MergeAsync_FastForwardOnlyWhenDiverged_ThrowsAndLeavesRepositoryAsItWas()
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature", Mode = GitMergeMode.FastForwardOnly }, Token));

        error.Code.ShouldBe("git.not_fast_forward");
        error.Kind.ShouldBe(ErrorKind.Conflict);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task MergeAsync_OverlappingChanges_ReportsConflictsAndLeavesMergeInProgress()
    {
        using var repository = Diverged();
        var head = repository.Git("rev-parse", "HEAD").Trim();

        var result = await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        result.Outcome.ShouldBe(GitMergeOutcome.Conflicted);
        result.Head.ShouldBe(head);
        result.Conflicts.ShouldBe([new GitConflict("f.txt", GitConflictKind.BothModified)]);
        File.Exists(Path.Combine(repository.Path, ".git", "MERGE_HEAD")).ShouldBeTrue();
    }

    [Fact]
    public async Task MergeAsync_DirtyWorktree_RefusedAndUntouched()
    {
        using var repository = Diverged();
        repository.Write("keep.txt", "changed but not committed\n");
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token));

        error.Code.ShouldBe("git.dirty_worktree");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task MergeAsync_StagedChange_RefusedAsDirty()
    {
        using var repository = Diverged();
        repository.Write("new.txt", "staged\n").Git("add", "new.txt");
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token));

        error.Code.ShouldBe("git.dirty_worktree");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task MergeAsync_MergeAlreadyInProgress_RefusedAndUntouched()
    {
        using var repository = Diverged();
        repository.Branch("other", "HEAD~1");
        (await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token)).Outcome.ShouldBe(GitMergeOutcome.Conflicted);
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "other" }, Token));

        error.Code.ShouldBe("git.merge_in_progress");
        error.Kind.ShouldBe(ErrorKind.Conflict);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task MergeAsync_UnknownSource_ThrowsUnknownRefAndUntouched()
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "no-such-branch" }, Token));

        error.Code.ShouldBe("git.unknown_ref");
        error.Kind.ShouldBe(ErrorKind.NotFound);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Theory]
    [InlineData("--abort")]
    [InlineData("-")]
    [InlineData("")]
    public async Task MergeAsync_SourceThatIsNotAReference_ThrowsInvalidRef(string source)
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = source }, Token));

        error.Code.ShouldBe("git.invalid_ref");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task MergeAsync_NotARepository_ThrowsNotARepository()
    {
        using var directory = new Lightning.TestUtilities.TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(directory.Path, new GitMergeRequest { Source = "main" }, Token));

        error.Code.ShouldBe("git.not_a_repository");
    }

    [Fact]
    public async Task MergeAsync_RelativePath_ThrowsInvalidPath()
    {
        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync("relative/repo", new GitMergeRequest { Source = "main" }, Token));

        error.Code.ShouldBe("git.invalid_path");
    }

    [Fact]
    public async Task MergeAsync_BareRepository_ThrowsBareRepository()
    {
        using var repository = GitTestRepository.Create(bare: true);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "main" }, Token));

        error.Code.ShouldBe("git.bare_repository");
    }

    [Fact]
    public async Task MergeAsync_UntrackedFileInTheWay_ThrowsDirtyWorktreeAndUntouched()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature").Checkout("feature");
        repository.CommitFile("new.txt", "from feature\n", "feature adds new.txt");
        repository.Checkout("main");
        repository.CommitFile("main.txt", "m\n", "main moves on");
        repository.Write("new.txt", "mine, untracked\n");
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token));

        error.Code.ShouldBe("git.dirty_worktree");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }
}
