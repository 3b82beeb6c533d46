using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

public sealed partial class GitHubHostingClientTests
{
    [Theory]
    [InlineData(401, "github/error-401.json", ErrorKind.Upstream, "github.auth_failed", "Bad credentials")]
    [InlineData(404, "github/error-404.json", ErrorKind.NotFound, "github.not_found", "Not Found")]
    [InlineData(500, "github/error-500.json", ErrorKind.Upstream, "github.unavailable", "Server Error")]
    [InlineData(502, "github/error-500.json", ErrorKind.Upstream, "github.unavailable", "502")]
    public async Task GetRepositoryAsync_ErrorBody_StableCodeWithoutToken(int status, string file, ErrorKind kind, string code, string text)
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello", file, status);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRepositoryAsync("octo/hello", Ct));

        error.Kind.ShouldBe(kind);
        error.Code.ShouldBe(code);
        error.Message.ShouldContain(text);
        error.ToString().ShouldNotContain(GitHubTestClient.Token);
    }

    [Theory]
    [InlineData(401, "github/error-401.json", ErrorKind.Upstream, "github.auth_failed", "Bad credentials")]
    [InlineData(404, "github/error-404.json", ErrorKind.NotFound, "github.not_found", "Not Found")]
    [InlineData(503, "github/error-500.json", ErrorKind.Upstream, "github.unavailable", "Server Error")]
    public async Task GetRulesetAsync_ErrorBody_SameCodesAsOctokitPath(int status, string file, ErrorKind kind, string code, string text)
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello/rulesets/1", file, status);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRulesetAsync("octo/hello", 1, Ct));

        error.Kind.ShouldBe(kind);
        error.Code.ShouldBe(code);
        error.Message.ShouldContain(text);
        error.ToString().ShouldNotContain(GitHubTestClient.Token);
    }

    [Fact]
    public async Task CreatePullRequestAsync_422_ValidationFailedWithErrors()
    {
        using var server = new RecordedHttpServer().OnFile("POST", "/api/v3/repos/octo/hello/pulls", "github/error-422.json", 422);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.CreatePullRequestAsync("octo/hello", new GitHubNewPullRequest("T", "new-topic", "main"), Ct));

        error.Kind.ShouldBe(ErrorKind.Invalid);
        error.Code.ShouldBe("github.validation_failed");
        error.Message.ShouldContain("Validation Failed");
        error.Message.ShouldContain("PullRequest.head invalid");
        error.Message.ShouldContain("A pull request already exists for octo:new-topic.");
    }

    [Fact]
    public async Task CreateRulesetAsync_422_ValidationFailedWithErrors()
    {
        using var server = new RecordedHttpServer().On("POST", "/api/v3/repos/octo/hello/rulesets", 422,
            """{"message":"Validation Failed","errors":["Invalid rule 'pull_request': required_approving_review_count must be between 0 and 10"],"status":"422"}""");
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.CreateRulesetAsync("octo/hello", Ruleset(), Ct));

        error.Code.ShouldBe("github.validation_failed");
        error.Message.ShouldContain("Validation Failed");
        error.Message.ShouldContain("required_approving_review_count must be between 0 and 10");
    }

    [Fact]
    public async Task ApplyBranchProtectionAsync_401_AuthFailed()
    {
        using var server = new RecordedHttpServer().OnFile("PUT", ProtectionPath, "github/error-401.json", 401);
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() =>
            client.ApplyBranchProtectionAsync("octo/hello", "main", new BranchProtection(), Ct));

        error.Code.ShouldBe("github.auth_failed");
    }

    [Fact]
    public async Task GetRepositoryAsync_NothingListening_Unreachable()
    {
        Uri closed;
        using (var server = new RecordedHttpServer())
        {
            closed = server.BaseAddress;
        }

        using var client = new GitHubHostingClient(closed, GitHubTestClient.Token);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRepositoryAsync("octo/hello", Ct));

        error.Kind.ShouldBe(ErrorKind.Unavailable);
        error.Code.ShouldBe("github.unreachable");
    }

    [Fact]
    public async Task GetRulesetAsync_ProxyHtmlBody_UnavailableWithStatusOnly()
    {
        using var server = new RecordedHttpServer().On("GET", "/api/v3/repos/octo/hello/rulesets/1", 502,
            "<html><body>Bad Gateway</body></html>", contentType: "text/html");
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRulesetAsync("octo/hello", 1, Ct));

        error.Code.ShouldBe("github.unavailable");
        error.Message.ShouldBe("GitHub answered 502 to ruleset 1 of octo/hello");
    }
}
