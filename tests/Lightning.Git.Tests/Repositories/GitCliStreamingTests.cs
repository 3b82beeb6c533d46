using Lightning.TestUtilities;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitCliStreamingTests
{
    readonly GitCli _git = new();

    [Fact]
    public async Task StreamAsync_InRepository_HandsOverTheOutput()
    {
        using var repository = GitTestRepository.Create();
        var head = repository.CommitFile("a.txt", "a\n", "feat: first");
        var text = string.Empty;

        await _git.StreamAsync(repository.Path, ["rev-parse", "HEAD"], async (stream, token) =>
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            text = await reader.ReadToEndAsync(token);
        }, TestContext.Current.CancellationToken);

        text.Trim().ShouldBe(head);
    }

    [Fact]
    public async Task StreamAsync_GitFails_ThrowsItsErrorAfterTheOutput()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: first");

        var error = await Should.ThrowAsync<LightningException>(() => _git.StreamAsync(repository.Path, ["log", "no-such-branch"],
            (stream, token) => stream.CopyToAsync(Stream.Null, token), TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.unknown_ref");
    }

    [Fact]
    public async Task StreamAsync_ReaderStopsEarly_ItsExceptionArrivesAndGitIsStopped()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: first");

        // A reader that gives up after one byte must not leave git blocked on a full pipe.
        var error = await Should.ThrowAsync<InvalidOperationException>(() => _git.StreamAsync(repository.Path, ["log", "-p"], async (stream, token) =>
        {
            var buffer = new byte[1];
            await stream.ReadExactlyAsync(buffer, token);
            throw new InvalidOperationException("stop");
        }, TestContext.Current.CancellationToken));

        error.Message.ShouldBe("stop");
    }
}
