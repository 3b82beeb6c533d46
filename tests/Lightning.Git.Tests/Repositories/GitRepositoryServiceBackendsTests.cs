using Lightning.TestUtilities;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

/// <summary>
/// The reads <see cref="GitRepositoryService"/> hands to git (long logs, diffs between commits) answer exactly as the
/// in-process reads they replaced, including the cases the CLI path handles specially.
/// </summary>
public sealed class GitRepositoryServiceBackendsTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();

    [Fact]
    public void UsesCliForLog_LimitAndSkip_DecideTheBackend()
    {
        GitRepositoryService.UsesCliForLog(new GitLogQuery()).ShouldBeTrue();
        GitRepositoryService.UsesCliForLog(new GitLogQuery { MaxCount = 20 }).ShouldBeFalse();
        GitRepositoryService.UsesCliForLog(new GitLogQuery { MaxCount = GitRepositoryService.InProcessLogLimit }).ShouldBeFalse();
        GitRepositoryService.UsesCliForLog(new GitLogQuery { MaxCount = 20, Skip = GitRepositoryService.InProcessLogLimit }).ShouldBeTrue();
        GitRepositoryService.UsesCliForLog(new GitLogQuery { MaxCount = int.MaxValue, Skip = int.MaxValue }).ShouldBeTrue();
    }

    [Fact]
    public async Task StatusAsync_StatDirtyFile_MatchesInProcessAndLeavesTheIndexAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: first");
        repository.Write("b.txt", "b\n").Write("a.txt", "a\n");
        // Same content, new timestamp: git status would refresh this entry and write the index back, if it took locks.
        File.SetLastWriteTimeUtc(Path.Combine(repository.Path, "a.txt"), DateTime.UtcNow.AddMinutes(5));
        var index = Path.Combine(repository.Path, ".git", "index");
        var before = await File.ReadAllBytesAsync(index, ct);

        var ours = await _service.StatusAsync(repository.Path, ct);

        (await File.ReadAllBytesAsync(index, ct)).ShouldBe(before);
        ours.Entries.Select(entry => entry.Path).ShouldBe(["b.txt"]);
        RepositoryTestKit.ShouldMatch(ours, await _service.StatusInProcessAsync(repository.Path, ct), "status");
    }

    [Fact]
    public async Task LogAsync_MessagesLargerThanTheReadWindow_MatchInProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: first");
        // A message of ~200 KB of multi-byte text crosses the parser's 64 KiB window several times, mid-character too.
        var huge = new StringBuilder("docs: a long one\n\n");
        for (var i = 0; i < 20_000; i++)
        {
            huge.Append("Grüße ").Append(i).Append(i % 8 == 7 ? '\n' : ' ');
        }

        // Longer than one command-line argument may be, so the message goes through a file.
        var message = Path.Combine(repository.Path, ".git", "LONG_MESSAGE");
        await File.WriteAllTextAsync(message, huge.ToString(), ct);
        repository.Write("b.txt", "b\n").Git("add", "b.txt");
        repository.Git("commit", "-q", "-F", message);
        repository.CommitFile("c.txt", "c\n", "fix: after the long one\n\nBody.");

        var ours = await _service.LogAsync(repository.Path, new GitLogQuery(), ct);
        var inProcess = await _service.LogInProcessAsync(repository.Path, new GitLogQuery(), ct);

        ours.Count.ShouldBe(3);
        ours[1].Body.Length.ShouldBeGreaterThan(100_000);
        RepositoryTestKit.ShouldMatch(ours, inProcess, "log");
    }

    [Fact]
    public async Task LogAsync_NoCommitsOrUnknownRevision_AnswersAsInProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitTestRepository.Create();

        (await _service.LogAsync(repository.Path, new GitLogQuery(), ct)).ShouldBeEmpty();
        (await _service.LogInProcessAsync(repository.Path, new GitLogQuery(), ct)).ShouldBeEmpty();

        repository.CommitFile("a.txt", "a\n", "feat: first");
        var cli = await Should.ThrowAsync<LightningException>(() => _service.LogAsync(repository.Path, new GitLogQuery { Revision = "nope" }, ct));
        var inProcess = await Should.ThrowAsync<LightningException>(() => _service.LogInProcessAsync(repository.Path, new GitLogQuery { Revision = "nope" }, ct));
        cli.Code.ShouldBe("git.unknown_ref");
        inProcess.Code.ShouldBe(cli.Code);
    }

    [Fact]
    public async Task DiffAsync_BetweenCommits_MatchesInProcess_IncludingContentlessChanges()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitTestRepository.Create();
        File.WriteAllBytes(Path.Combine(repository.Path, "image.bin"), [0, 1, 2, 0, 3, 10]);
        repository.Write("script.sh", "echo hi\n");
        repository.Write("notes.txt", string.Concat(Enumerable.Range(1, 40).Select(i => $"note {i}\n")));
        repository.Write("empty.txt", string.Empty);
        var from = repository.Commit("feat: first");
        // Changes a patch shows without content: a binary file renamed unchanged (only --numstat calls it binary), a
        // mode change, an empty file renamed; next to text edits and a binary content change.
        repository.Git("mv", "image.bin", "moved.bin");
        repository.Git("update-index", "--chmod=+x", "script.sh");
        repository.Git("mv", "empty.txt", "still-empty.txt");
        repository.Write("notes.txt", string.Concat(Enumerable.Range(1, 40).Select(i => i is 3 or 30 ? $"changed {i}\n" : $"note {i}\n")) + "tail\n");
        File.WriteAllBytes(Path.Combine(repository.Path, "other.bin"), [0, 0, 7]);
        repository.Git("add", "-A");
        var to = repository.Commit("refactor: moves");

        foreach (var query in new[]
                 {
                     new GitDiffQuery { From = from, To = to },
                     new GitDiffQuery { From = from, To = to, IncludePatch = false },
                     new GitDiffQuery { From = from, To = to, ContextLines = 0 },
                     new GitDiffQuery { From = to, To = from, Paths = ["notes.txt", "moved.bin", "image.bin"] },
                 })
        {
            var ours = await _service.DiffAsync(repository.Path, query, ct);
            var inProcess = await _service.DiffInProcessAsync(repository.Path, query, ct);
            RepositoryTestKit.ShouldMatch(ours, inProcess, $"diff {query}");
        }

        var files = await _service.DiffAsync(repository.Path, new GitDiffQuery { From = from, To = to }, ct);
        files.Single(file => file.Path == "moved.bin").ShouldSatisfyAllConditions(
            file => file.IsBinary.ShouldBeTrue(), file => file.Kind.ShouldBe(GitChangeKind.Renamed), file => file.OldPath.ShouldBe("image.bin"));
        files.Single(file => file.Path == "notes.txt").ShouldSatisfyAllConditions(
            file => file.Additions.ShouldBe(3), file => file.Deletions.ShouldBe(2), file => file.Hunks.Count.ShouldBe(3));
    }

    [Fact]
    public async Task DiffAsync_PatchLargerThanTheReadWindow_MatchesInProcess()
    {
        var ct = TestContext.Current.CancellationToken;
        using var repository = GitTestRepository.Create();
        // ~400 KB of patch: file parts and hunks cross the streamed parser's 64 KiB window many times.
        for (var f = 0; f < 300; f++)
        {
            repository.Write($"src/file{f:000}.txt", string.Concat(Enumerable.Range(0, 60).Select(l => $"file {f} line {l} with some text to make it longer\n")));
        }

        var from = repository.Commit("feat: many files");
        for (var f = 0; f < 300; f++)
        {
            repository.Write($"src/file{f:000}.txt", string.Concat(Enumerable.Range(0, 60).Select(l => l % 3 == f % 3 ? $"changed ä {f} {l}\n" : $"file {f} line {l} with some text to make it longer\n")));
        }

        var to = repository.Commit("fix: change a third of every file");

        var ours = await _service.DiffAsync(repository.Path, new GitDiffQuery { From = from, To = to }, ct);
        var inProcess = await _service.DiffInProcessAsync(repository.Path, new GitDiffQuery { From = from, To = to }, ct);

        ours.Count.ShouldBe(300);
        ours.Sum(file => file.Patch.Length).ShouldBeGreaterThan(4 * 65_536);
        ours.ShouldAllBe(file => file.Additions == 20 && file.Deletions == 20);
        RepositoryTestKit.ShouldMatch(ours, inProcess, "diff");
    }
}
