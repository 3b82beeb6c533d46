using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

/// <summary>
/// The two back-ends answer the same questions on the same repositories: LibGit2Sharp in process
/// (<see cref="GitRepositoryService"/>) and the git program (<see cref="GitCliReader"/>). Any difference fails.
/// </summary>
public sealed class GitCliReaderTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();
    readonly GitCliReader _reader = RepositoryTestKit.Reader();

    /// <summary>
    /// History with a merge, a rename with an edit, a deletion, a binary file, unicode and spaced paths, two authors;
    /// then staged, unstaged and untracked changes on top.
    /// </summary>
    static (GitTestRepository Repository, Dictionary<string, string> Commits) RichRepository()
    {
        var repository = GitTestRepository.Create();
        var commits = new Dictionary<string, string>(StringComparer.Ordinal);
        repository.Write("src/app.cs", Lines("class App", 1, 30));
        repository.Write("src/util.cs", Lines("static class Util", 1, 20));
        repository.Write("docs/naïve café.md", "# Café\n\nÜber alles.\n");
        repository.Write("with space/read me.txt", "spaces\n");
        File.WriteAllBytes(Path.Combine(repository.Path, "logo.bin"), [0, 1, 2, 3, 0, 255, 10, 65]);
        File.WriteAllBytes(Path.Combine(repository.Path, "icon.bin"), [0, 9, 8, 7, 10, 0, 1]);
        repository.Write("empty.txt", string.Empty);
        commits["root"] = repository.Commit("feat: first version\n\nThe body\nover two lines.\n\nRefs: #1");
        repository.Branch("feature");
        repository.Write("src/app.cs", Lines("class App", 1, 30).Replace("line 5\n", "line 5 changed\n", StringComparison.Ordinal));
        commits["main-edit"] = repository.Commit("fix(app): change line five", "Alice Example");
        repository.Checkout("feature");
        repository.Write("src/feature.cs", "class Feature\n{\n}\n");
        repository.Write("src/util.cs", Lines("static class Util", 1, 20) + "extra\n");
        commits["feature-1"] = repository.Commit("feat(feature): add the feature", "Bob Builder");
        repository.Write("docs/naïve café.md", "# Café\n\nÜber alles.\nNoch mehr.\n");
        commits["feature-2"] = repository.Commit("docs: more café", "Bob Builder");
        repository.Checkout("main");
        repository.Git("merge", "--no-ff", "-q", "-m", "Merge branch 'feature'", "feature");
        commits["merge"] = repository.Git("rev-parse", "HEAD").Trim();
        repository.Git("mv", "src/util.cs", "src/helpers.cs");
        repository.Write("src/helpers.cs", Lines("static class Util", 1, 20).Replace("line 3\n", "line three\n", StringComparison.Ordinal) + "extra\n");
        repository.Delete("with space/read me.txt");
        repository.Git("mv", "icon.bin", "icon.bin.moved");
        repository.Git("mv", "empty.txt", "empty-renamed.txt");
        File.WriteAllBytes(Path.Combine(repository.Path, "logo.bin"), [0, 1, 2, 3, 0, 254, 10, 66, 67]);
        commits["rename"] = repository.Commit("refactor: rename util to helpers\n\nBREAKING CHANGE: Util moved.", "Alice Example");
        repository.Write("src/app.cs", Lines("class App", 1, 30).Replace("line 5\n", "line 5 changed\n", StringComparison.Ordinal).Replace("line 20\n", "", StringComparison.Ordinal) + "tail\n");
        commits["tail"] = repository.Commit("perf: drop line twenty");
        repository.Tag("v1.0.0", "Release 1.0.0");

        // Worktree state on top of the history.
        repository.Write("src/app.cs", Lines("class App", 1, 30) + "unstaged\n");
        repository.Write("src/staged.cs", "staged\n");
        repository.Git("add", "src/staged.cs");
        repository.Write("src/staged.cs", "staged\nthen changed\n");
        repository.Write("src/feature.cs", "class Feature\n{\n    // staged edit\n}\n");
        repository.Git("add", "src/feature.cs");
        repository.Write("new dir/untracked é.txt", "untracked\n");
        repository.Write("untracked.txt", "untracked\n");
        repository.Delete("docs/naïve café.md");
        return (repository, commits);
    }

    static string Lines(string first, int from, int to) =>
        first + "\n" + string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i}\n"));

    [Fact]
    public async Task StatusAsync_RichRepository_MatchesLibGit2Sharp()
    {
        var (repository, _) = RichRepository();
        using var _ = repository;
        var ct = TestContext.Current.CancellationToken;

        var ours = await _service.StatusInProcessAsync(repository.Path, ct);
        var cli = await _reader.StatusAsync(repository.Path, ct);

        RepositoryTestKit.ShouldMatch(ours, cli, "status");
        ours.Entries.Count.ShouldBe(6);
        ours.Entries.ShouldContain(e => e.Path == "new dir/untracked é.txt" && e.IsUntracked);
        ours.Entries.ShouldContain(e => e.Path == "src/staged.cs" && e.Index == GitChangeKind.Added && e.Worktree == GitChangeKind.Modified);
        ours.Entries.ShouldContain(e => e.Path == "docs/naïve café.md" && e.Worktree == GitChangeKind.Deleted);
    }

    [Fact]
    public async Task StatusAsync_ConflictAndUpstream_MatchesLibGit2Sharp()
    {
        using var remote = GitTestRepository.Create();
        remote.CommitFile("a.txt", "one\n", "feat: one");
        using var clone = GitTestRepository.Create();
        clone.Git("remote", "add", "origin", remote.Path);
        clone.Git("fetch", "-q", "origin");
        clone.Git("checkout", "-q", "-B", "main", "--track", "origin/main");
        clone.CommitFile("a.txt", "two\n", "feat: two");
        remote.CommitFile("a.txt", "three\n", "feat: three");
        remote.CommitFile("b.txt", "b\n", "feat: b");
        clone.Git("fetch", "-q", "origin");
        var ct = TestContext.Current.CancellationToken;

        var beforeMerge = await _service.StatusInProcessAsync(clone.Path, ct);
        RepositoryTestKit.ShouldMatch(beforeMerge, await _reader.StatusAsync(clone.Path, ct), "status");
        beforeMerge.Upstream.ShouldBe("origin/main");
        (beforeMerge.Ahead, beforeMerge.Behind).ShouldBe((1, 2));

        Should.Throw<InvalidOperationException>(() => clone.Git("merge", "-q", "origin/main"));
        var conflicted = await _service.StatusInProcessAsync(clone.Path, ct);

        RepositoryTestKit.ShouldMatch(conflicted, await _reader.StatusAsync(clone.Path, ct), "status");
        conflicted.Entries.ShouldContain(e => e.Path == "a.txt" && e.IsConflicted);
        conflicted.Entries.ShouldContain(e => e.Path == "b.txt" && e.Index == GitChangeKind.Added);
    }

    [Fact]
    public async Task StatusAsync_EmptyAndDetached_MatchesLibGit2Sharp()
    {
        using var repository = GitTestRepository.Create("trunk");
        var ct = TestContext.Current.CancellationToken;
        var empty = await _service.StatusInProcessAsync(repository.Path, ct);
        RepositoryTestKit.ShouldMatch(empty, await _reader.StatusAsync(repository.Path, ct), "status");
        empty.Branch.ShouldBe("trunk");
        empty.HeadSha.ShouldBeNull();

        var first = repository.CommitFile("a.txt", "a\n", "feat: a");
        repository.CommitFile("a.txt", "b\n", "feat: b");
        repository.Checkout(first);
        var detached = await _service.StatusInProcessAsync(repository.Path, ct);
        RepositoryTestKit.ShouldMatch(detached, await _reader.StatusAsync(repository.Path, ct), "status");
        detached.Branch.ShouldBeNull();
        detached.HeadSha.ShouldBe(first);
    }

    [Fact]
    public async Task LogAsync_Filters_MatchLibGit2Sharp()
    {
        var (repository, commits) = RichRepository();
        using var _ = repository;
        var ct = TestContext.Current.CancellationToken;
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        GitLogQuery[] queries =
        [
            new(),
            new() { Revision = "feature" },
            new() { Revision = "v1.0.0" },
            new() { Revision = $"{commits["main-edit"]}..HEAD" },
            new() { Revision = "feature..main" },
            new() { Revision = "main..feature" },
            new() { FirstParent = true },
            new() { Paths = ["src/app.cs"] },
            new() { Paths = ["src"] },
            new() { Paths = ["docs/naïve café.md"] },
            new() { Paths = ["docs/naïve café.md"], FirstParent = true },
            new() { Paths = ["src/helpers.cs", "with space"] },
            new() { Paths = ["no/such/file"] },
            new() { Author = "Alice" },
            new() { Author = "bob.builder@example.com" },
            new() { Author = "alice" },
            new() { Grep = "café" },
            new() { Grep = "BREAKING CHANGE" },
            new() { Grep = "line", Author = "Alice Example" },
            new() { Since = start.AddMinutes(2) },
            new() { Until = start.AddMinutes(3) },
            new() { Since = start.AddMinutes(1), Until = start.AddMinutes(3).AddSeconds(30) },
            new() { MaxCount = 2 },
            new() { MaxCount = 2, Skip = 3 },
            new() { Skip = 100 },
            new() { MaxCount = 0 },
            new() { Paths = ["src"], MaxCount = 2, Skip = 1, Author = "Alice" },
        ];

        foreach (var query in queries)
        {
            var ours = await _service.LogInProcessAsync(repository.Path, query, ct);
            var cli = await _reader.LogAsync(repository.Path, query, ct);
            RepositoryTestKit.ShouldMatch(ours, cli, RepositoryTestKit.AsJson(query));
        }

        var all = await _service.LogInProcessAsync(repository.Path, new GitLogQuery(), ct);
        all.Count.ShouldBe(7);
        all[0].Sha.ShouldBe(commits["tail"]);
        all.Single(c => c.Sha == commits["merge"]).Parents.Count.ShouldBe(2);
        var root = all.Single(c => c.Sha == commits["root"]);
        root.Subject.ShouldBe("feat: first version");
        root.Body.ShouldBe("The body\nover two lines.\n\nRefs: #1");
        root.Parents.ShouldBeEmpty();
        (await _service.LogInProcessAsync(repository.Path, new GitLogQuery { Author = "Alice" }, ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task DiffAsync_AllModes_MatchLibGit2Sharp()
    {
        var (repository, commits) = RichRepository();
        using var _ = repository;
        var ct = TestContext.Current.CancellationToken;
        GitDiffQuery[] queries =
        [
            new() { From = commits["merge"], To = commits["rename"] },
            new() { From = commits["merge"], To = commits["rename"], IncludePatch = false },
            new() { From = commits["root"], To = commits["rename"], IncludePatch = false, Paths = ["icon.bin", "icon.bin.moved", "logo.bin", "src"] },
            new() { From = "feature", To = "main", IncludePatch = false },
            new() { From = commits["root"], To = "HEAD" },
            new() { From = commits["root"], To = "HEAD", ContextLines = 0 },
            new() { From = commits["root"], To = "HEAD", ContextLines = 1 },
            new() { From = commits["root"], To = "HEAD", ContextLines = 8 },
            new() { From = commits["root"], To = "HEAD", IncludePatch = false },
            new() { From = commits["root"], To = "HEAD", Paths = ["src"] },
            new() { From = commits["root"], To = "HEAD", Paths = ["docs/naïve café.md", "logo.bin"] },
            new() { From = "HEAD", To = commits["root"] },
            new() { From = "feature", To = "main" },
            new() { },
            new() { ContextLines = 0 },
            new() { Paths = ["src/app.cs"] },
            new() { From = commits["root"] },
            new() { Staged = true },
            new() { Staged = true, From = commits["merge"] },
        ];

        foreach (var query in queries)
        {
            var ours = await _service.DiffInProcessAsync(repository.Path, query, ct);
            var cli = await _reader.DiffAsync(repository.Path, query, ct);
            RepositoryTestKit.ShouldMatch(ours, cli, RepositoryTestKit.AsJson(query));
        }

        var renamed = await _service.DiffInProcessAsync(repository.Path, new GitDiffQuery { From = commits["merge"], To = commits["rename"] }, ct);
        var rename = renamed.Single(f => f.Path == "src/helpers.cs");
        rename.Kind.ShouldBe(GitChangeKind.Renamed);
        var movedBinary = renamed.Single(f => f.Path == "icon.bin.moved");
        (movedBinary.Kind, movedBinary.OldPath, movedBinary.IsBinary).ShouldBe((GitChangeKind.Renamed, "icon.bin", true));
        var statsOnly = await _service.DiffInProcessAsync(repository.Path, new GitDiffQuery { From = commits["merge"], To = commits["rename"], IncludePatch = false }, ct);
        statsOnly.Select(f => (f.Path, f.Additions, f.Deletions, f.IsBinary)).ShouldBe(renamed.Select(f => (f.Path, f.Additions, f.Deletions, f.IsBinary)));
        statsOnly.Single(f => f.Path == "empty-renamed.txt").IsBinary.ShouldBeFalse();
        (rename.OldPath, rename.Path, rename.Additions, rename.Deletions).ShouldBe(("src/util.cs", "src/helpers.cs", 1, 1));
        renamed.Single(f => f.Path == "logo.bin").IsBinary.ShouldBeTrue();
        renamed.Single(f => f.Path == "with space/read me.txt").Kind.ShouldBe(GitChangeKind.Deleted);
        var hunk = rename.Hunks.ShouldHaveSingleItem();
        hunk.Lines.ShouldContain(l => l.Kind == '+' && l.Content == "line three" && l.NewLineNumber == 4 && l.OldLineNumber == null);
        hunk.Lines.ShouldContain(l => l.Kind == '-' && l.Content == "line 3" && l.OldLineNumber == 4 && l.NewLineNumber == null);
    }

    [Fact]
    public async Task DiffAsync_BeforeFirstCommit_MatchesLibGit2Sharp()
    {
        using var repository = GitTestRepository.Create();
        repository.Write("a.txt", "staged\n").Write("b.txt", "b\n").Write("untracked.txt", "u\n");
        repository.Git("add", "a.txt", "b.txt");
        repository.Write("a.txt", "staged\nthen edited\n");
        var ct = TestContext.Current.CancellationToken;

        foreach (var query in new GitDiffQuery[] { new(), new() { Staged = true } })
        {
            RepositoryTestKit.ShouldMatch(await _service.DiffInProcessAsync(repository.Path, query, ct), await _reader.DiffAsync(repository.Path, query, ct),
                RepositoryTestKit.AsJson(query));
        }

        var worktree = await _service.DiffInProcessAsync(repository.Path, new GitDiffQuery(), ct);
        worktree.Select(f => (f.Path, f.Additions)).ShouldBe([("a.txt", 2), ("b.txt", 1)]);
    }

    [Fact]
    public async Task BlameAsync_FilesAtRevisions_MatchLibGit2Sharp()
    {
        var (repository, commits) = RichRepository();
        using var _ = repository;
        var ct = TestContext.Current.CancellationToken;
        (string File, string? Revision)[] cases =
        [
            ("src/app.cs", null),
            ("src/app.cs", commits["merge"]),
            ("src/helpers.cs", null),
            ("docs/naïve café.md", "v1.0.0"),
            ("src/util.cs", "feature"),
            ("src/feature.cs", "HEAD"),
        ];

        foreach (var (file, revision) in cases)
        {
            var ours = await _service.BlameAsync(repository.Path, file, revision, ct);
            var cli = await _reader.BlameAsync(repository.Path, file, revision, ct);
            RepositoryTestKit.ShouldMatch(ours, cli, $"{file} at {revision}");
        }

        var app = await _service.BlameAsync(repository.Path, "src/app.cs", null, ct);
        app.Single(l => l.Content == "line 5 changed").Sha.ShouldBe(commits["main-edit"]);
        app.Single(l => l.Content == "line 5 changed").AuthorName.ShouldBe("Alice Example");
        app.Single(l => l.Content == "tail").Sha.ShouldBe(commits["tail"]);
        app[0].LineNumber.ShouldBe(1);
        app[0].Sha.ShouldBe(commits["root"]);
    }

    [Fact]
    public async Task GetCommitAsync_Refs_MatchLibGit2Sharp()
    {
        var (repository, commits) = RichRepository();
        using var _ = repository;
        var ct = TestContext.Current.CancellationToken;
        foreach (var revision in new[] { "HEAD", "v1.0.0", "feature", commits["merge"], commits["root"][..10], "HEAD~2", commits["merge"] + "^2" })
        {
            var ours = await _service.GetCommitAsync(repository.Path, revision, ct);
            var cli = await _reader.GetCommitAsync(repository.Path, revision, ct);
            RepositoryTestKit.ShouldMatch(ours, cli, revision);
            (await _service.ResolveRefAsync(repository.Path, revision, ct)).ShouldBe(ours.Sha);
        }

        (await _service.ResolveRefAsync(repository.Path, "v1.0.0", ct)).ShouldBe(commits["tail"]);
        var ours404 = await Should.ThrowAsync<LightningException>(() => _service.GetCommitAsync(repository.Path, "nope", ct));
        var cli404 = await Should.ThrowAsync<LightningException>(() => _reader.GetCommitAsync(repository.Path, "nope", ct));
        ours404.Code.ShouldBe("git.unknown_ref");
        cli404.Code.ShouldBe("git.unknown_ref");
    }
}
