using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Git.Tests.Repositories.Merging;

public sealed partial class GitMergeServiceTests
{
    [Fact]
    public async Task CherryPickAsync_TwoCleanCommits_MakesTwoNewCommitsInOrder()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature").Checkout("feature");
        repository.CommitFile("b.txt", "b\n", "feat: b");
        repository.CommitFile("c.txt", "c\n", "feat: c");
        repository.Checkout("main");
        var head = repository.Git("rev-parse", "HEAD").Trim();

        var result = await _service.CherryPickAsync(repository.Path, ["feature~1", "feature"], Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Done);
        result.Commits.Count.ShouldBe(2);
        repository.Git("log", "--format=%s", head + "..HEAD").ShouldBe("feat: c\nfeat: b\n");
        result.Commits[1].ShouldBe(repository.Git("rev-parse", "HEAD").Trim());
    }

    [Fact]
    public async Task CherryPickAsync_Conflicting_StopsThenResolveAndContinueFinishes()
    {
        using var repository = Diverged();
        var head = repository.Git("rev-parse", "HEAD").Trim();

        var result = await _service.CherryPickAsync(repository.Path, ["feature"], Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Conflicted);
        result.Commits.ShouldBeEmpty();
        result.Conflicts.ShouldBe([new GitConflict("f.txt", GitConflictKind.BothModified)]);
        (await _service.ConflictsAsync(repository.Path, Token)).Operation.ShouldBe(GitOperation.CherryPick);

        await _service.ResolveAsync(repository.Path, "f.txt", GitResolution.WithContent("a\nboth\nc\n"), Token);
        var continued = await _service.ContinueAsync(repository.Path, null, Token);

        continued.Outcome.ShouldBe(GitApplyOutcome.Done);
        var made = continued.Commits.ShouldHaveSingleItem();
        Parents(repository, made).ShouldBe([head]);
        repository.Git("log", "-1", "--format=%s").Trim().ShouldBe("feature change");
        repository.Git("show", "HEAD:f.txt").ShouldBe("a\nboth\nc\n");
        (await _service.ConflictsAsync(repository.Path, Token)).Operation.ShouldBe(GitOperation.None);
    }

    [Fact]
    public async Task CherryPickAsync_SecondOfThreeConflicts_ReportsFirstCommitAndContinueFinishesTheRest()
    {
        using var repository = Diverged();
        repository.Checkout("feature");
        repository.CommitFile("later.txt", "later\n", "later change");
        repository.Checkout("main");
        repository.Branch("side").Checkout("side");
        repository.CommitFile("side.txt", "s\n", "side change");
        repository.Checkout("main");

        var result = await _service.CherryPickAsync(repository.Path, ["side", "feature~1", "feature"], Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Conflicted);
        result.Commits.Count.ShouldBe(1);
        await _service.ResolveAsync(repository.Path, "f.txt", GitResolution.Theirs, Token);
        var continued = await _service.ContinueAsync(repository.Path, null, Token);

        continued.Outcome.ShouldBe(GitApplyOutcome.Done);
        continued.Commits.Count.ShouldBe(2);
        repository.Git("log", "--format=%s", "-3").ShouldBe("later change\nfeature change\nside change\n");
    }

    [Fact]
    public async Task CherryPickAsync_ConflictThenAbort_RestoresExactly()
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);
        (await _service.CherryPickAsync(repository.Path, ["feature"], Token)).Outcome.ShouldBe(GitApplyOutcome.Conflicted);

        (await _service.AbortAsync(repository.Path, Token)).ShouldBe(GitOperation.CherryPick);

        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task CherryPickAsync_UnknownCommit_RefusedAndUntouched()
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _service.CherryPickAsync(repository.Path, ["feature", "deadbeef"], Token));

        error.Code.ShouldBe("git.unknown_ref");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task CherryPickAsync_WhileMergeInProgress_Refused()
    {
        using var repository = Diverged();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _service.CherryPickAsync(repository.Path, ["feature"], Token));

        error.Code.ShouldBe("git.merge_in_progress");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task RevertAsync_CleanCommit_MakesUndoingCommit()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        var bad = repository.CommitFile("b.txt", "b\n", "feat: b");
        repository.CommitFile("c.txt", "c\n", "feat: c");

        var result = await _service.RevertAsync(repository.Path, bad, null, Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Done);
        result.Commits.ShouldHaveSingleItem().ShouldBe(repository.Git("rev-parse", "HEAD").Trim());
        File.Exists(Path.Combine(repository.Path, "b.txt")).ShouldBeFalse();
        File.Exists(Path.Combine(repository.Path, "c.txt")).ShouldBeTrue();
        repository.Git("log", "-1", "--format=%s").Trim().ShouldBe("Revert \"feat: b\"");
    }

    [Fact]
    public async Task RevertAsync_Conflicting_ReportsThenAbortRestores()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "base");
        var changed = repository.CommitFile("a.txt", "2\n", "to two");
        repository.CommitFile("a.txt", "3\n", "to three");
        var before = RepositorySnapshot.Capture(repository);

        var result = await _service.RevertAsync(repository.Path, changed, null, Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Conflicted);
        result.Conflicts.ShouldBe([new GitConflict("a.txt", GitConflictKind.BothModified)]);
        (await _service.ConflictsAsync(repository.Path, Token)).Operation.ShouldBe(GitOperation.Revert);
        (await _service.AbortAsync(repository.Path, Token)).ShouldBe(GitOperation.Revert);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task RevertAsync_ConflictResolvedAndContinued_Commits()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "base");
        var changed = repository.CommitFile("a.txt", "2\n", "to two");
        repository.CommitFile("a.txt", "3\n", "to three");
        await _service.RevertAsync(repository.Path, changed, null, Token);

        await _service.ResolveAsync(repository.Path, "a.txt", GitResolution.WithContent("1\n"), Token);
        var result = await _service.ContinueAsync(repository.Path, null, Token);

        result.Commits.ShouldHaveSingleItem();
        repository.Git("show", "HEAD:a.txt").ShouldBe("1\n");
        repository.Git("log", "-1", "--format=%s").Trim().ShouldBe("Revert \"to two\"");
    }

    [Fact]
    public async Task RevertAsync_MergeCommitWithMainline_UndoesTheMergedSide()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Branch("feature").Checkout("feature");
        repository.CommitFile("feature.txt", "f\n", "feature");
        repository.Checkout("main");
        repository.CommitFile("main.txt", "m\n", "main");
        var merge = await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        var before = RepositorySnapshot.Capture(repository);
        var withoutMainline = await Should.ThrowAsync<LightningException>(() => _service.RevertAsync(repository.Path, merge.Head, null, Token));
        withoutMainline.Code.ShouldBe("git.failed");
        RepositorySnapshot.Capture(repository).ShouldBe(before);

        var result = await _service.RevertAsync(repository.Path, merge.Head, 1, Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Done);
        File.Exists(Path.Combine(repository.Path, "feature.txt")).ShouldBeFalse();
        File.Exists(Path.Combine(repository.Path, "main.txt")).ShouldBeTrue();
    }
}
