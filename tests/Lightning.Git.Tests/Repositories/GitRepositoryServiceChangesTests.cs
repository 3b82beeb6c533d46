using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitRepositoryServiceChangesTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();

    [Fact]
    public async Task StageAsync_Paths_StagesOnlyThose()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("keep.txt", "keep\n", "feat: keep");
        repository.Write("a.txt", "a\n").Write("dir/b.txt", "b\n").Write("c.txt", "c\n").Delete("keep.txt");
        var ct = TestContext.Current.CancellationToken;

        await _service.StageAsync(repository.Path, ["a.txt", Path.Combine(repository.Path, "dir"), "keep.txt"], ct);

        var status = await _service.StatusAsync(repository.Path, ct);
        status.Entries.Single(e => e.Path == "a.txt").Index.ShouldBe(GitChangeKind.Added);
        status.Entries.Single(e => e.Path == "dir/b.txt").Index.ShouldBe(GitChangeKind.Added);
        status.Entries.Single(e => e.Path == "keep.txt").Index.ShouldBe(GitChangeKind.Deleted);
        status.Entries.Single(e => e.Path == "c.txt").IsUntracked.ShouldBeTrue();
    }

    [Fact]
    public async Task StageAsync_NoPaths_StagesEverything()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n").Write("b/c.txt", "c\n");
        var ct = TestContext.Current.CancellationToken;

        await _service.StageAsync(repository.Path, null, ct);

        (await _service.StatusAsync(repository.Path, ct)).Entries.ShouldAllBe(e => e.Index == GitChangeKind.Added && !e.IsUntracked);
    }

    [Fact]
    public async Task StageAsync_GlobCharacters_AreLiteral()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("*.txt", "star\n").Write("a.txt", "a\n");
        var ct = TestContext.Current.CancellationToken;

        await _service.StageAsync(repository.Path, ["*.txt"], ct);

        var status = await _service.StatusAsync(repository.Path, ct);
        status.Entries.Single(e => e.Path == "*.txt").Index.ShouldBe(GitChangeKind.Added);
        status.Entries.Single(e => e.Path == "a.txt").IsUntracked.ShouldBeTrue();
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("dir/../../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData(".git/config")]
    public async Task StageAsync_PathOutsideRepository_ThrowsAndChangesNothing(string path)
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Write("b.txt", "b\n");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.StageAsync(repository.Path, ["b.txt", path], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.path_outside_repository");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task StageAsync_UnknownPath_ThrowsUnknownPathAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Write("b.txt", "b\n");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.StageAsync(repository.Path, ["b.txt", "missing.txt"], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.unknown_path");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task UnstageAsync_StagedFiles_KeepsThemInTheWorktree()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Write("a.txt", "changed\n").Write("b.txt", "b\n");
        repository.Git("add", "-A");
        var ct = TestContext.Current.CancellationToken;

        await _service.UnstageAsync(repository.Path, ["a.txt"], ct);

        var status = await _service.StatusAsync(repository.Path, ct);
        status.Entries.Single(e => e.Path == "a.txt").ShouldBe(new GitStatusEntry("a.txt", GitChangeKind.Unmodified, GitChangeKind.Modified, false, false));
        status.Entries.Single(e => e.Path == "b.txt").Index.ShouldBe(GitChangeKind.Added);
        File.ReadAllText(Path.Combine(repository.Path, "a.txt")).ShouldBe("changed\n");

        await _service.UnstageAsync(repository.Path, null, ct);
        (await _service.StatusAsync(repository.Path, ct)).Entries.ShouldAllBe(e => e.Index == GitChangeKind.Unmodified);
    }

    [Fact]
    public async Task UnstageAsync_BeforeFirstCommit_EmptiesTheIndex()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n").Write("b.txt", "b\n");
        repository.Git("add", "-A");
        var ct = TestContext.Current.CancellationToken;

        await _service.UnstageAsync(repository.Path, ["a.txt"], ct);

        var status = await _service.StatusAsync(repository.Path, ct);
        status.Entries.Single(e => e.Path == "a.txt").IsUntracked.ShouldBeTrue();
        status.Entries.Single(e => e.Path == "b.txt").Index.ShouldBe(GitChangeKind.Added);
    }

    [Fact]
    public async Task CommitAsync_Staged_CommitsAsConfiguredAuthor()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n");
        var ct = TestContext.Current.CancellationToken;
        await _service.StageAsync(repository.Path, null, ct);

        var commit = await _service.CommitAsync(repository.Path, "feat: add a\n\nCloses #12\n# kept, not a comment", false, false, ct);

        commit.Sha.ShouldBe(repository.Git("rev-parse", "HEAD").Trim());
        commit.Subject.ShouldBe("feat: add a");
        commit.Body.ShouldBe("Closes #12\n# kept, not a comment");
        commit.Parents.ShouldBeEmpty();
        // The identity comes from GitOptions (RepositoryTestKit configures this one), not from the repository's user.name.
        (commit.AuthorName, commit.AuthorEmail).ShouldBe(("Lightning Test", "lightning@example.com"));
        (commit.CommitterName, commit.CommitterEmail).ShouldBe(("Lightning Test", "lightning@example.com"));
        (await _service.StatusAsync(repository.Path, ct)).IsClean.ShouldBeTrue();
    }

    [Fact]
    public async Task CommitAsync_AmendAndAllowEmpty_ReplaceOrAddCommits()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "a\n", "feat: a");
        var ct = TestContext.Current.CancellationToken;

        var amended = await _service.CommitAsync(repository.Path, "feat: a, better said", false, true, ct);
        amended.Sha.ShouldNotBe(first);
        amended.Parents.ShouldBeEmpty();
        amended.Subject.ShouldBe("feat: a, better said");

        var empty = await _service.CommitAsync(repository.Path, "chore: nothing", true, false, ct);
        empty.Parents.ShouldBe([amended.Sha]);
    }

    [Fact]
    public async Task CommitAsync_NothingStaged_ThrowsAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.Write("a.txt", "unstaged\n");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CommitAsync(repository.Path, "feat: nothing", false, false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.nothing_to_commit");
        error.Kind.ShouldBe(ErrorKind.Conflict);
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task CommitAsync_EmptyRepositoryWithNothingStaged_ThrowsNothingToCommit()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CommitAsync(repository.Path, "feat: nothing", false, false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.nothing_to_commit");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task CommitAsync_UnresolvedConflict_ThrowsAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "base\n", "feat: base");
        repository.Branch("other");
        repository.CommitFile("a.txt", "ours\n", "feat: ours");
        repository.Checkout("other");
        repository.CommitFile("a.txt", "theirs\n", "feat: theirs");
        repository.Checkout("main");
        Should.Throw<InvalidOperationException>(() => repository.Git("merge", "-q", "other"));
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CommitAsync(repository.Path, "merge", false, false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.unresolved_conflicts");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public async Task CommitAsync_BlankMessage_ThrowsInvalidMessage(string message)
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "a\n");
        repository.Git("add", "-A");
        var before = RepositoryTestKit.Snapshot(repository);

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CommitAsync(repository.Path, message, false, false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.invalid_message");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task CommitAsync_NotARepository_ThrowsNotARepository()
    {
        using var directory = new Lightning.TestUtilities.TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CommitAsync(directory.Path, "feat: x", true, false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.not_a_repository");
    }
}
