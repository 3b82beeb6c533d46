using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Git.Tests.Repositories.Merging;

public sealed partial class GitMergeServiceTests
{
    [Fact]
    public async Task StashSaveAsync_WithUntracked_CleansWorktreeAndApplyBringsEverythingBack()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "changed\n").Write("new/untracked.txt", "fresh\n");
        var before = RepositorySnapshot.Capture(repository);

        var entry = await _service.StashSaveAsync(repository.Path, "work in progress", includeUntracked: true, Token);

        entry.Index.ShouldBe(0);
        entry.Message.ShouldBe("On main: work in progress");
        entry.Branch.ShouldBe("main");
        repository.Git("status", "--porcelain", "--untracked-files=all").ShouldBeEmpty();
        File.Exists(Path.Combine(repository.Path, "new", "untracked.txt")).ShouldBeFalse();

        var applied = await _service.StashApplyAsync(repository.Path, 0, pop: true, Token);

        applied.Outcome.ShouldBe(GitApplyOutcome.Done);
        (await _service.StashListAsync(repository.Path, Token)).ShouldBeEmpty();
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Fact]
    public async Task StashSaveAsync_WithoutUntracked_LeavesUntrackedFiles()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "changed\n").Write("untracked.txt", "stays\n");

        await _service.StashSaveAsync(repository.Path, null, includeUntracked: false, Token);

        File.ReadAllText(Path.Combine(repository.Path, "a.txt")).ShouldBe("a\n");
        File.ReadAllText(Path.Combine(repository.Path, "untracked.txt")).ShouldBe("stays\n");
    }

    [Fact]
    public async Task StashSaveAsync_NothingChanged_ThrowsNothingToStash()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        (await Should.ThrowAsync<LightningException>(() => _service.StashSaveAsync(repository.Path, "empty", false, Token))).Code.ShouldBe("git.nothing_to_stash");
        repository.Write("a.txt", "b\n");
        await _service.StashSaveAsync(repository.Path, "first", false, Token);

        var error = await Should.ThrowAsync<LightningException>(() => _service.StashSaveAsync(repository.Path, "again", false, Token));

        error.Code.ShouldBe("git.nothing_to_stash");
        (await _service.StashListAsync(repository.Path, Token)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task StashListAsync_SeveralEntries_NewestFirstAndDropShifts()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "1\n");
        var first = await _service.StashSaveAsync(repository.Path, "one", false, Token);
        repository.Write("a.txt", "2\n");
        var second = await _service.StashSaveAsync(repository.Path, "two", false, Token);

        var entries = await _service.StashListAsync(repository.Path, Token);

        entries.Select(e => (e.Index, e.Message)).ShouldBe([(0, "On main: two"), (1, "On main: one")]);
        entries[0].Commit.ShouldBe(second.Commit);
        entries[1].Commit.ShouldBe(first.Commit);

        await _service.StashDropAsync(repository.Path, 0, Token);

        var left = (await _service.StashListAsync(repository.Path, Token)).ShouldHaveSingleItem();
        left.Index.ShouldBe(0);
        left.Commit.ShouldBe(first.Commit);
    }

    [Fact]
    public async Task StashApplyAsync_WithoutPop_KeepsTheEntry()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "1\n");
        await _service.StashSaveAsync(repository.Path, "one", false, Token);

        await _service.StashApplyAsync(repository.Path, 0, pop: false, Token);

        File.ReadAllText(Path.Combine(repository.Path, "a.txt")).ShouldBe("1\n");
        (await _service.StashListAsync(repository.Path, Token)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task StashApplyAsync_Conflicting_ReportsConflictsAndAbortRestores()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "stashed\n");
        await _service.StashSaveAsync(repository.Path, "one", false, Token);
        repository.CommitFile("a.txt", "committed\n", "moves on");
        var before = RepositorySnapshot.Capture(repository);

        var result = await _service.StashApplyAsync(repository.Path, 0, pop: true, Token);

        result.Outcome.ShouldBe(GitApplyOutcome.Conflicted);
        result.Conflicts.ShouldBe([new GitConflict("a.txt", GitConflictKind.BothModified)]);
        var report = await _service.ConflictsAsync(repository.Path, Token);
        report.Operation.ShouldBe(GitOperation.None);
        report.Files.ShouldHaveSingleItem().Theirs!.Text.ShouldBe("stashed\n");

        await _service.AbortAsync(repository.Path, Token);

        RepositorySnapshot.Capture(repository).ShouldBe(before);
        (await _service.StashListAsync(repository.Path, Token)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task StashApplyAsync_DirtyWorktree_RefusedAndUntouched()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "1\n");
        await _service.StashSaveAsync(repository.Path, "one", false, Token);
        repository.Write("a.txt", "dirty\n");
        var before = RepositorySnapshot.Capture(repository);

        var error = await Should.ThrowAsync<LightningException>(() => _service.StashApplyAsync(repository.Path, 0, true, Token));

        error.Code.ShouldBe("git.dirty_worktree");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public async Task StashApplyAndDrop_UnknownIndex_ThrowUnknownStash(int index)
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "base");
        repository.Write("a.txt", "1\n");
        await _service.StashSaveAsync(repository.Path, "one", false, Token);
        var before = RepositorySnapshot.Capture(repository);

        (await Should.ThrowAsync<LightningException>(() => _service.StashApplyAsync(repository.Path, index, false, Token))).Code.ShouldBe("git.unknown_stash");
        (await Should.ThrowAsync<LightningException>(() => _service.StashDropAsync(repository.Path, index, Token))).Code.ShouldBe("git.unknown_stash");
        RepositorySnapshot.Capture(repository).ShouldBe(before);
    }
}
