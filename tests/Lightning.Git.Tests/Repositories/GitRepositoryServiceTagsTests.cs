using Lightning.TestUtilities;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitRepositoryServiceTagsTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();

    [Fact]
    public async Task ListTagsAsync_LightweightAndAnnotated_TellsThemApart()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.Tag("v0.1.0");
        var second = repository.CommitFile("a.txt", "2\n", "feat: two");
        repository.Tag("v0.2.0", "Release 0.2.0\n\nNotes.");

        var tags = await _service.ListTagsAsync(repository.Path, TestContext.Current.CancellationToken);

        tags.Count.ShouldBe(2);
        tags[0].ShouldBe(new GitTag("v0.1.0", false, first, null, null, null, null));
        (tags[1].Name, tags[1].IsAnnotated, tags[1].TargetSha, tags[1].Message, tags[1].TaggerName, tags[1].TaggerEmail)
            .ShouldBe(("v0.2.0", true, second, "Release 0.2.0\n\nNotes.", "Test Author", "author@example.com"));
        tags[1].TaggedWhen.ShouldNotBeNull();
    }

    [Fact]
    public async Task CreateTagAsync_WithMessage_IsAnnotatedByTheConfiguredAuthor()
    {
        using var repository = GitTestRepository.Create();
        var first = repository.CommitFile("a.txt", "1\n", "feat: one");
        var head = repository.CommitFile("a.txt", "2\n", "feat: two");
        var ct = TestContext.Current.CancellationToken;

        var annotated = await _service.CreateTagAsync(repository.Path, "v1.0.0", null, "Release 1.0.0\n\n#42 fixed", ct);
        var lightweight = await _service.CreateTagAsync(repository.Path, "base", first, null, ct);

        (annotated.IsAnnotated, annotated.TargetSha, annotated.Message, annotated.TaggerName).ShouldBe((true, head, "Release 1.0.0\n\n#42 fixed", "Lightning Test"));
        (lightweight.IsAnnotated, lightweight.TargetSha).ShouldBe((false, first));
        repository.Git("cat-file", "-t", "v1.0.0").Trim().ShouldBe("tag");
        repository.Git("cat-file", "-t", "base").Trim().ShouldBe("commit");
    }

    [Fact]
    public async Task CreateTagAsync_BadInput_ThrowsAndChangesNothing()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.Tag("taken");
        var before = RepositoryTestKit.Snapshot(repository);
        var ct = TestContext.Current.CancellationToken;

        (await Should.ThrowAsync<LightningException>(() => _service.CreateTagAsync(repository.Path, "taken", null, null, ct))).Code.ShouldBe("git.tag_exists");
        (await Should.ThrowAsync<LightningException>(() => _service.CreateTagAsync(repository.Path, "v 1", null, null, ct))).Code.ShouldBe("git.invalid_ref_name");
        (await Should.ThrowAsync<LightningException>(() => _service.CreateTagAsync(repository.Path, "--force", null, null, ct))).Code.ShouldBe("git.invalid_ref_name");
        (await Should.ThrowAsync<LightningException>(() => _service.CreateTagAsync(repository.Path, "v2", "nope", null, ct))).Code.ShouldBe("git.unknown_ref");
        (await Should.ThrowAsync<LightningException>(() => _service.CreateTagAsync(repository.Path, "v2", null, " ", ct))).Code.ShouldBe("git.invalid_message");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }

    [Fact]
    public async Task DeleteTagAsync_ExistingAndUnknown_DeletesOrThrows()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "1\n", "feat: one");
        repository.Tag("v1", "one").Tag("v2");
        var ct = TestContext.Current.CancellationToken;

        await _service.DeleteTagAsync(repository.Path, "v1", ct);

        (await _service.ListTagsAsync(repository.Path, ct)).Select(t => t.Name).ShouldBe(["v2"]);
        var before = RepositoryTestKit.Snapshot(repository);
        (await Should.ThrowAsync<LightningException>(() => _service.DeleteTagAsync(repository.Path, "v1", ct))).Code.ShouldBe("git.unknown_ref");
        RepositoryTestKit.Snapshot(repository).ShouldBe(before);
    }
}
