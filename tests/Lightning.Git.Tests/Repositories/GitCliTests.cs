using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitCliTests
{
    readonly GitCli _git = new();

    [Fact]
    public async Task RunAsync_InRepository_ReturnsStandardOutputApartFromErrors()
    {
        using var repository = GitTestRepository.Create();
        var head = repository.CommitFile("a.txt", "a\n", "feat: first");

        var result = await _git.RunAsync(repository.Path, ["rev-parse", "HEAD"], TestContext.Current.CancellationToken);

        result.StandardOutput.Trim().ShouldBe(head);
        result.StandardError.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_OutsideRepository_ThrowsNotARepository()
    {
        using var directory = new TempDirectory();

        var error = await Should.ThrowAsync<LightningException>(() =>
            _git.RunAsync(directory.Path, ["status"], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.not_a_repository");
    }

    [Fact]
    public async Task RunAsync_UnknownRevision_ThrowsUnknownRef()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: first");

        var error = await Should.ThrowAsync<LightningException>(() =>
            _git.RunAsync(repository.Path, ["log", "no-such-branch"], TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.unknown_ref");
        error.Kind.ShouldBe(ErrorKind.NotFound);
    }

    [Fact]
    public async Task RunAsync_AcceptedExitCode_IsAnAnswer()
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: first");

        var result = await _git.RunAsync(repository.Path, ["diff", "--quiet", "HEAD"], TestContext.Current.CancellationToken,
            new GitCliRequest { AcceptedExitCodes = [0, 1] });

        result.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_StandardInput_ReachesTheCommand()
    {
        using var repository = GitTestRepository.Create();

        var result = await _git.RunAsync(repository.Path, ["hash-object", "--stdin"], TestContext.Current.CancellationToken,
            new GitCliRequest { StandardInput = "hello\n" });

        result.StandardOutput.Trim().ShouldBe("ce013625030ba8dba906f756967f9e9ca394464a");
    }

    [Fact]
    public void Redact_UrlWithToken_HidesTheToken()
    {
        GitCli.Redact("fatal: could not read from https://x-access-token:ghp_secret@github.com/o/r.git")
            .ShouldBe("fatal: could not read from https://***@github.com/o/r.git");
    }
}
