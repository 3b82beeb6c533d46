using System.Text;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Repositories;

public sealed class GitRepositoryServiceRemotesTests
{
    readonly GitRepositoryService _service = RepositoryTestKit.Service();

    /// <summary>A bare repository with two commits on main, one on feature, and a tag: the remote for clone, fetch and push.</summary>
    static GitTestRepository BareRemote(out string head)
    {
        using var work = GitTestRepository.Create();
        work.CommitFile("a.txt", "1\n", "feat: one");
        head = work.CommitFile("a.txt", "2\n", "feat: two");
        work.Tag("v1.0.0", "one");
        work.Branch("feature").Checkout("feature").CommitFile("f.txt", "f\n", "feat: f");
        work.Checkout("main");
        var bare = GitTestRepository.Create(bare: true);
        work.Git("push", "-q", bare.Path, "main", "feature", "v1.0.0");
        return bare;
    }

    [Fact]
    public async Task InitAsync_NewFolder_MakesARepositoryOnTheBranch()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("nested", "repo");
        var ct = TestContext.Current.CancellationToken;

        await _service.InitAsync(path, "trunk", false, ct);

        var status = await _service.StatusAsync(path, ct);
        (status.Branch, status.HeadSha).ShouldBe(("trunk", null));
        var error = await Should.ThrowAsync<LightningException>(() => _service.InitAsync(path, "trunk", false, ct));
        error.Code.ShouldBe("git.already_a_repository");
    }

    [Fact]
    public async Task InitAsync_Bare_MakesABareRepository()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("bare.git");

        await _service.InitAsync(path, "main", true, TestContext.Current.CancellationToken);

        File.Exists(Path.Combine(path, "HEAD")).ShouldBeTrue();
        Directory.Exists(Path.Combine(path, ".git")).ShouldBeFalse();
    }

    [Fact]
    public async Task InitAsync_InvalidBranch_LeavesNoFolder()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("repo");

        var error = await Should.ThrowAsync<LightningException>(() => _service.InitAsync(path, "bad name", false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.invalid_ref_name");
        Directory.Exists(path).ShouldBeFalse();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CloneAsync_PathAndFileUrl_ClonesWithOriginHead(bool fileUrl)
    {
        using var remote = BareRemote(out var head);
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");
        var source = fileUrl ? new Uri(remote.Path).AbsoluteUri : remote.Path;
        var ct = TestContext.Current.CancellationToken;

        await _service.CloneAsync(source, target, null, ct);

        var status = await _service.StatusAsync(target, ct);
        (status.Branch, status.HeadSha, status.Upstream, status.Ahead, status.Behind).ShouldBe(("main", head, "origin/main", 0, 0));
        (await _service.DefaultBranchAsync(target, ct)).ShouldBe("main");
        (await _service.ListBranchesAsync(target, ct)).Select(b => b.Name).ShouldBe(["main", "origin/feature", "origin/main"]);
    }

    [Fact]
    public async Task CloneAsync_BranchAndDepth_ShallowCloneOfThatBranch()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");
        var ct = TestContext.Current.CancellationToken;

        await _service.CloneAsync(new Uri(remote.Path).AbsoluteUri, target, new GitCloneOptions { Branch = "feature", Depth = 1 }, ct);

        (await _service.StatusAsync(target, ct)).Branch.ShouldBe("feature");
        (await _service.LogAsync(target, new GitLogQuery(), ct)).Count.ShouldBe(1);
        File.Exists(Path.Combine(target, ".git", "shallow")).ShouldBeTrue();
    }

    [Fact]
    public async Task CloneAsync_MissingSource_LeavesNoDirectory()
    {
        using var directory = new TempDirectory();
        var target = directory.Combine("a", "b", "clone");

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CloneAsync(directory.Combine("no-such-repo"), target, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.remote_unreachable");
        Directory.Exists(directory.Combine("a")).ShouldBeFalse();
    }

    [Fact]
    public async Task CloneAsync_Cancelled_LeavesNoDirectory()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("parent", "clone");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => _service.CloneAsync(remote.Path, target, null, cancelled.Token));

        Directory.Exists(directory.Combine("parent")).ShouldBeFalse();
    }

    [Fact]
    public async Task CloneAsync_IntoEmptyFolderThatFails_LeavesItEmpty()
    {
        using var directory = new TempDirectory();
        var target = directory.Combine("empty");
        Directory.CreateDirectory(target);

        await Should.ThrowAsync<LightningException>(() =>
            _service.CloneAsync(directory.Combine("no-such-repo"), target, null, TestContext.Current.CancellationToken));

        Directory.Exists(target).ShouldBeTrue();
        Directory.EnumerateFileSystemEntries(target).ShouldBeEmpty();
    }

    [Fact]
    public async Task CloneAsync_NonEmptyTarget_ThrowsTargetExistsAndTouchesNothing()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("busy");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "mine.txt"), "mine");

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CloneAsync(remote.Path, target, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.target_exists");
        Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName).ShouldBe(["mine.txt"]);
    }

    [Theory]
    [InlineData("ext::sh -c touch% /tmp/pwned", "git.invalid_remote")]
    [InlineData("--upload-pack=touch /tmp/pwned", "git.invalid_remote")]
    [InlineData("https://user:secret@example.com/o/r.git", "git.credentials_in_url")]
    [InlineData("relative/path", "git.invalid_remote")]
    [InlineData("ftp://example.com/r.git", "git.invalid_remote")]
    public async Task CloneAsync_UnsafeSource_ThrowsBeforeRunningGit(string source, string code)
    {
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CloneAsync(source, target, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe(code);
        error.Message.ShouldNotContain("secret");
        Directory.Exists(target).ShouldBeFalse();
    }

    [Fact]
    public async Task CloneAsync_SshUrl_GoesThroughSystemSshWithoutPrompting()
    {
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");

        // Port 1 on loopback refuses at once: ssh runs (in batch mode, so it could never wait for a password) and fails.
        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CloneAsync("ssh://git@127.0.0.1:1/o/r.git", target, null, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.remote_unreachable");
        error.Message.ShouldContain("Connection refused");
        Directory.Exists(target).ShouldBeFalse();
    }

    [Fact]
    public async Task CloneAsync_HttpsWithToken_SendsItAsBasicHeaderOnlyAndNeverShowsIt()
    {
        const string Token = "glpat-super-secret-token";
        using var server = new RecordedHttpServer();
        server.On("GET", "/o/r.git/*", 401, "denied", new Dictionary<string, string> { ["WWW-Authenticate"] = "Basic realm=\"git\"" }, "text/plain");
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.CloneAsync(new Uri(server.BaseAddress, "o/r.git").AbsoluteUri, target,
                new GitCloneOptions { Token = Token, TokenUserName = "oauth2" }, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.auth_failed");
        error.Message.ShouldNotContain(Token);
        Directory.Exists(target).ShouldBeFalse();
        server.Requests.ShouldNotBeEmpty();
        foreach (var request in server.Requests)
        {
            request.PathAndQuery.ShouldNotContain(Token);
            var authorization = request.Headers.Single(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
            authorization.ShouldBe("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("oauth2:" + Token)));
        }
    }

    [Fact]
    public async Task FetchAsync_NewRemoteCommits_UpdateRemoteTrackingBranch()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");
        var ct = TestContext.Current.CancellationToken;
        await _service.CloneAsync(remote.Path, target, null, ct);
        using var other = GitTestRepository.Create();
        other.Git("fetch", "-q", remote.Path, "main");
        other.Git("checkout", "-q", "-B", "main", "FETCH_HEAD");
        var pushed = other.CommitFile("b.txt", "b\n", "feat: b");
        other.Git("push", "-q", remote.Path, "main");

        await _service.FetchAsync(target, "origin", null, false, ct);

        var status = await _service.StatusAsync(target, ct);
        (status.Ahead, status.Behind).ShouldBe((0, 1));
        (await _service.ResolveRefAsync(target, "origin/main", ct)).ShouldBe(pushed);
        (await Should.ThrowAsync<LightningException>(() => _service.FetchAsync(target, "nowhere", null, false, ct))).Code.ShouldBe("git.remote_unreachable");
    }

    [Fact]
    public async Task PushAsync_FastForward_UpdatesTheRemote()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");
        var ct = TestContext.Current.CancellationToken;
        await _service.CloneAsync(remote.Path, target, null, ct);
        File.WriteAllText(Path.Combine(target, "c.txt"), "c\n");
        await _service.StageAsync(target, null, ct);
        var commit = await _service.CommitAsync(target, "feat: c", false, false, ct);
        await _service.CreateTagAsync(target, "v2.0.0", null, "two", ct);

        await _service.PushAsync(target, "origin", ["main", "refs/tags/v2.0.0"], null, false, ct);

        remote.Git("rev-parse", "main").Trim().ShouldBe(commit.Sha);
        remote.Git("cat-file", "-t", "v2.0.0").Trim().ShouldBe("tag");
    }

    [Fact]
    public async Task PushAsync_NotFastForward_RejectedUnlessForcedWithLease()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");
        var ct = TestContext.Current.CancellationToken;
        await _service.CloneAsync(remote.Path, target, null, ct);
        var rewritten = await _service.CommitAsync(target, "feat: two, reworded", false, true, ct);
        var remoteBefore = remote.Git("for-each-ref");

        var error = await Should.ThrowAsync<LightningException>(() => _service.PushAsync(target, "origin", ["main"], null, false, ct));
        error.Code.ShouldBe("git.push_rejected");
        remote.Git("for-each-ref").ShouldBe(remoteBefore);

        await _service.PushAsync(target, "origin", ["main"], null, true, ct);
        remote.Git("rev-parse", "main").Trim().ShouldBe(rewritten.Sha);
    }

    [Fact]
    public async Task PushAsync_StaleLease_IsRejected()
    {
        using var remote = BareRemote(out _);
        using var directory = new TempDirectory();
        var target = directory.Combine("clone");
        var ct = TestContext.Current.CancellationToken;
        await _service.CloneAsync(remote.Path, target, null, ct);
        using var other = GitTestRepository.Create();
        other.Git("fetch", "-q", remote.Path, "main");
        other.Git("checkout", "-q", "-B", "main", "FETCH_HEAD");
        other.CommitFile("o.txt", "o\n", "feat: someone else");
        other.Git("push", "-q", remote.Path, "main");
        await _service.CommitAsync(target, "feat: rewritten", false, true, ct);
        var remoteBefore = remote.Git("for-each-ref");

        var error = await Should.ThrowAsync<LightningException>(() => _service.PushAsync(target, "origin", ["main"], null, true, ct));

        error.Code.ShouldBe("git.push_rejected");
        remote.Git("for-each-ref").ShouldBe(remoteBefore);
    }

    [Theory]
    [InlineData("+main")]
    [InlineData("--delete")]
    [InlineData("")]
    public async Task PushAsync_UnsafeRefspec_Throws(string refspec)
    {
        using var repository = GitTestRepository.Create();
        repository.CommitFile("a.txt", "a\n", "feat: a");

        var error = await Should.ThrowAsync<LightningException>(() =>
            _service.PushAsync(repository.Path, "origin", [refspec], null, false, TestContext.Current.CancellationToken));

        error.Code.ShouldBe("git.invalid_refspec");
    }
}
