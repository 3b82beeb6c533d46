using Lightning.Core.Errors;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Releases;

public sealed class ReleaseHistoryReaderTests
{
    static readonly ReleaseHistoryReader Reader = new(new GitCli());

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadCommitsAsync_History_NewestFirstWithRawMessages()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1", "feat: first\n\nBody line one.\nBody line two.\n\nRefs: #1", author: "Ada Lovelace");
        var second = repository.CommitFile("b.txt", "1", "second, not conventional");

        var commits = await Reader.ReadCommitsAsync(repository.Path, null, null, Token);

        commits.Select(c => c.Sha).ShouldBe([second, first]);
        commits[1].Message.ShouldBe("feat: first\n\nBody line one.\nBody line two.\n\nRefs: #1");
        commits[1].AuthorName.ShouldBe("Ada Lovelace");
        commits[1].AuthorEmail.ShouldBe("ada.lovelace@example.com");
        commits[1].CommitDate.ShouldBe(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        commits[1].Conventional!.Footers.Single().Token.ShouldBe("Refs");
        commits[0].Conventional.ShouldBeNull();
        commits[0].Subject.ShouldBe("second, not conventional");
        commits[0].ShortSha.ShouldBe(second[..7]);
    }

    [Fact]
    public async Task ReadCommitsAsync_SinceAndPath_Limits()
    {
        using var repository = GitTestRepository.Create();
        var start = repository.CommitFile("x/a.txt", "1", "feat: a");
        repository.CommitFile("y/b.txt", "1", "feat: b");
        var third = repository.CommitFile("x/a.txt", "2", "fix: a");

        var commits = await Reader.ReadCommitsAsync(repository.Path, start, "x", Token);
        var touching = await Reader.CommitsTouchingAsync(repository.Path, "x/", Token);

        commits.Select(c => c.Sha).ShouldBe([third]);
        touching.ShouldBe([start, third], ignoreOrder: true);
    }

    [Fact]
    public async Task ReadTagsAsync_AnnotatedAndLightweight_PeeledAndReachableOnly()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1", "feat: a");
        repository.Tag("light").Tag("v1.0.0", "annotated");
        repository.Branch("side").Checkout("side");
        repository.CommitFile("s.txt", "1", "feat: side");
        repository.Tag("v9.0.0");
        repository.Checkout("main");
        // A tag on a tree, not a commit, is not a release.
        repository.Git("tag", "tree-tag", "HEAD^{tree}");

        var tags = await Reader.ReadTagsAsync(repository.Path, Token);
        var versions = await Reader.ReadVersionTagsAsync(repository.Path, "v", null, Token);

        tags.ShouldBe([new ReachableTag("light", first), new ReachableTag("v1.0.0", first)], ignoreOrder: true);
        versions.Single().Version.ToString().ShouldBe("1.0.0");
    }

    [Fact]
    public async Task Reads_EmptyRepository_AreEmpty()
    {
        using var repository = GitTestRepository.Create();

        (await Reader.HeadAsync(repository.Path, Token)).ShouldBeNull();
        (await Reader.ReadCommitsAsync(repository.Path, null, null, Token)).ShouldBeEmpty();
        (await Reader.ReadTagsAsync(repository.Path, Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task RootAsync_Subfolder_ReturnsWorkTreeRoot()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("deep/er/a.txt", "1", "feat: a");

        var root = await Reader.RootAsync(Path.Combine(repository.Path, "deep", "er"), Token);

        root.ShouldBe(repository.Path);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RootAsync_NotARepository_Throws(bool exists)
    {
        using var folder = new TempDirectory();
        var path = exists ? folder.Path : folder.Combine("missing");

        var error = await Should.ThrowAsync<LightningException>(() => Reader.RootAsync(path, Token));

        error.Code.ShouldBe("git.not_a_repository");
    }
}
