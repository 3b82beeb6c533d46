using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Git.Tests.Repositories.Merging;

public sealed partial class GitMergeServiceTests
{
    [Fact]
    public async Task ConflictsAsync_ContentConflict_ReturnsBaseOursTheirsAndMarkers()
    {
        using var repository = Diverged();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        var report = await _service.ConflictsAsync(repository.Path, Token);

        report.Operation.ShouldBe(GitOperation.Merge);
        var file = report.Files.ShouldHaveSingleItem();
        file.Path.ShouldBe("f.txt");
        file.Kind.ShouldBe(GitConflictKind.BothModified);
        file.Base!.Text.ShouldBe("a\nb\nc\n");
        file.Ours!.Text.ShouldBe("a\nours\nc\n");
        file.Theirs!.Text.ShouldBe("a\ntheirs\nc\n");
        file.Ours.Mode.ShouldBe("100644");
        file.IsBinary.ShouldBeFalse();
        file.WorkingText.ShouldNotBeNull();
        file.WorkingText.ShouldContain("<<<<<<< HEAD\nours\n");
        file.WorkingText.ShouldContain("theirs\n>>>>>>> feature\n");
    }

    [Fact]
    public async Task ConflictsAsync_DeleteAndAddConflicts_ReportKindsAndMissingSides()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("gone.txt", "1\n").Write("kept.txt", "1\n").Commit("base");
        repository.Branch("feature");
        repository.Delete("gone.txt").Write("kept.txt", "ours\n").Write("both.txt", "ours\n").Commit("main");
        repository.Checkout("feature");
        repository.Write("gone.txt", "theirs\n").Delete("kept.txt").Write("both.txt", "theirs\n").Commit("feature");
        repository.Checkout("main");
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        var report = await _service.ConflictsAsync(repository.Path, Token);

        report.Files.Select(f => (f.Path, f.Kind)).ShouldBe(
        [
            ("both.txt", GitConflictKind.AddedByBoth),
            ("gone.txt", GitConflictKind.DeletedByUs),
            ("kept.txt", GitConflictKind.DeletedByThem),
        ]);
        var both = report.Files[0];
        both.Base.ShouldBeNull();
        both.Ours!.Text.ShouldBe("ours\n");
        both.Theirs!.Text.ShouldBe("theirs\n");
        report.Files[1].Ours.ShouldBeNull();
        report.Files[1].Theirs!.Text.ShouldBe("theirs\n");
        report.Files[2].Theirs.ShouldBeNull();
        report.Files[2].Ours!.Text.ShouldBe("ours\n");
    }

    [Fact]
    public async Task ConflictsAsync_BinaryFile_FlaggedWithoutText()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("image.bin", "base\0data").Commit("base");
        repository.Branch("feature");
        repository.Write("image.bin", "ours\0data").Commit("main");
        repository.Checkout("feature");
        repository.Write("image.bin", "theirs\0data").Commit("feature");
        repository.Checkout("main");
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        var file = (await _service.ConflictsAsync(repository.Path, Token)).Files.ShouldHaveSingleItem();

        file.IsBinary.ShouldBeTrue();
        file.Ours!.IsBinary.ShouldBeTrue();
        file.Ours.Text.ShouldBeNull();
        file.Theirs!.Text.ShouldBeNull();
        file.WorkingText.ShouldBeNull();
    }

    [Fact]
    public async Task ConflictsAsync_NothingInProgress_ReportsNone()
    {
        using var repository = Diverged();

        var report = await _service.ConflictsAsync(repository.Path, Token);

        report.Operation.ShouldBe(GitOperation.None);
        report.Files.ShouldBeEmpty();
    }

    [Fact]
    public async Task ResolveAsync_OursThenContinue_CommitsMergeWithOurContent()
    {
        using var repository = Diverged();
        var ours = repository.Git("rev-parse", "main").Trim();
        var theirs = repository.Git("rev-parse", "feature").Trim();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        await _service.ResolveAsync(repository.Path, "f.txt", GitResolution.Ours, Token);
        var result = await _service.ContinueAsync(repository.Path, null, Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Done);
        result.Commits.Count.ShouldBe(1);
        Parents(repository).ShouldBe([ours, theirs]);
        File.ReadAllText(Path.Combine(repository.Path, "f.txt")).ShouldBe("a\nours\nc\n");
        repository.Git("status", "--porcelain").ShouldBeEmpty();
        File.Exists(Path.Combine(repository.Path, ".git", "MERGE_HEAD")).ShouldBeFalse();
    }

    [Fact]
    public async Task ResolveAsync_TheirsThenContinueWithMessage_CommitsTheirContent()
    {
        using var repository = Diverged();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        await _service.ResolveAsync(repository.Path, "f.txt", GitResolution.Theirs, Token);
        await _service.ContinueAsync(repository.Path, "Take the feature's line", Token);

        repository.Git("show", "HEAD:f.txt").ShouldBe("a\ntheirs\nc\n");
        repository.Git("log", "-1", "--format=%s").Trim().ShouldBe("Take the feature's line");
        Parents(repository).Length.ShouldBe(2);
    }

    [Fact]
    public async Task ResolveAsync_ContentInSubfolder_StagesSuppliedText()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("src/f.txt", "a\nb\nc\n").Commit("base");
        repository.Branch("feature");
        repository.Write("src/f.txt", "a\nours\nc\n").Commit("main");
        repository.Checkout("feature");
        repository.Write("src/f.txt", "a\ntheirs\nc\n").Commit("feature");
        repository.Checkout("main");
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        await _service.ResolveAsync(repository.Path, "src/f.txt", GitResolution.WithContent("a\nours and theirs\nc\n"), Token);
        (await _service.ConflictsAsync(repository.Path, Token)).Files.ShouldBeEmpty();
        await _service.ContinueAsync(repository.Path, null, Token);

        repository.Git("show", "HEAD:src/f.txt").ShouldBe("a\nours and theirs\nc\n");
    }

    [Fact]
    public async Task ResolveAsync_SideThatDeleted_RemovesTheFile()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("gone.txt", "1\n").Commit("base");
        repository.Branch("feature");
        repository.Delete("gone.txt").Write("other.txt", "x\n").Commit("main deletes");
        repository.Checkout("feature");
        repository.Write("gone.txt", "theirs\n").Commit("feature edits");
        repository.Checkout("main");
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);

        await _service.ResolveAsync(repository.Path, "gone.txt", GitResolution.Ours, Token);
        await _service.ContinueAsync(repository.Path, null, Token);

        File.Exists(Path.Combine(repository.Path, "gone.txt")).ShouldBeFalse();
        repository.Git("ls-tree", "--name-only", "HEAD").ShouldNotContain("gone.txt");
    }

    [Fact]
    public async Task ContinueAsync_StillConflicted_ThrowsUnresolvedConflicts()
    {
        using var repository = Diverged();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _service.ContinueAsync(repository.Path, null, Token));

        error.Code.ShouldBe("git.unresolved_conflicts");
        error.Message.ShouldContain("f.txt");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task ContinueAsync_NothingInProgress_ThrowsNoOperation()
    {
        using var repository = Diverged();

        var error = await Should.ThrowAsync<LightningException>(() => _service.ContinueAsync(repository.Path, null, Token));

        error.Code.ShouldBe("git.no_operation");
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("src/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData(".git/config")]
    public async Task ResolveAsync_PathOutsideRepository_RefusedAndUntouched(string file)
    {
        using var repository = Diverged();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.ResolveAsync(repository.Path, file, GitResolution.WithContent("x"), Token));

        error.Code.ShouldBe("git.path_outside_repository");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
        File.Exists(Path.Combine(repository.Path, "..", "outside.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task ResolveAsync_FileNotConflicted_ThrowsNotConflictedAndUntouched()
    {
        using var repository = Diverged();
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.ResolveAsync(repository.Path, "keep.txt", GitResolution.WithContent("x"), Token));

        error.Code.ShouldBe("git.not_conflicted");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task AbortAsync_ConflictedMerge_RestoresThePreMergeStateExactly()
    {
        using var repository = Diverged();
        repository.Write("untracked.txt", "left alone\n");
        var before = RepositorySnapshot.Capture(repository);
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);
        await _service.ResolveAsync(repository.Path, "f.txt", GitResolution.WithContent("half done\n"), Token);

        var aborted = await _service.AbortAsync(repository.Path, Token);

        aborted.ShouldBe(GitOperation.Merge);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task AbortAsync_NothingInProgress_ThrowsNoOperation()
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _service.AbortAsync(repository.Path, Token));

        error.Code.ShouldBe("git.no_operation");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    static void StartConflictedRebase(GitTestRepository repository)
    {
        // git exits non-zero when a rebase stops on a conflict, which the helper reports as an exception.
        Should.Throw<InvalidOperationException>(() => repository.Git("rebase", "feature"));
    }

    [Fact]
    public async Task ConflictsAsync_RebaseStopped_ReportsRebaseAndAbortRestoresExactly()
    {
        using var repository = Diverged();
        var before = RepositorySnapshot.Capture(repository);
        StartConflictedRebase(repository);

        var report = await _service.ConflictsAsync(repository.Path, Token);

        report.Operation.ShouldBe(GitOperation.Rebase);
        var file = report.Files.ShouldHaveSingleItem();
        file.Ours!.Text.ShouldBe("a\ntheirs\nc\n"); // during a rebase "ours" is the branch being rebased onto
        (await Should.ThrowAsync<LightningException>(() =>
            _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token))).Code.ShouldBe("git.merge_in_progress");
        (await _service.AbortAsync(repository.Path, Token)).ShouldBe(GitOperation.Rebase);
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task ContinueAsync_RebaseResolved_FinishesTheRebase()
    {
        using var repository = Diverged();
        var feature = repository.Git("rev-parse", "feature").Trim();
        StartConflictedRebase(repository);

        await _service.ResolveAsync(repository.Path, "f.txt", GitResolution.WithContent("a\nrebased\nc\n"), Token);
        var result = await _service.ContinueAsync(repository.Path, null, Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Done);
        (await _service.ConflictsAsync(repository.Path, Token)).Operation.ShouldBe(GitOperation.None);
        repository.Git("rev-parse", "--abbrev-ref", "HEAD").Trim().ShouldBe("main");
        Parents(repository).ShouldBe([feature]);
        repository.Git("show", "HEAD:f.txt").ShouldBe("a\nrebased\nc\n");
    }

    [Fact]
    public async Task ResolveAsync_ThroughSymlinkedFolder_RefusedAndNothingWrittenOutside()
    {
        using var repository = Diverged();
        using var outside = new Lightning.TestUtilities.TempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(repository.Path, "link"), outside.Path);
        await _service.MergeAsync(repository.Path, new GitMergeRequest { Source = "feature" }, Token);
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.ResolveAsync(repository.Path, "link/f.txt", GitResolution.WithContent("x"), Token));

        error.Code.ShouldBe("git.path_outside_repository");
        Directory.EnumerateFileSystemEntries(outside.Path).ShouldBeEmpty();
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }
}
