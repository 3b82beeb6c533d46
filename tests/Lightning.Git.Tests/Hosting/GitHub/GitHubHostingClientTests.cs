using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

/// <summary>
/// The GitHub client against a local server answering with responses written to follow GitHub's documented REST API
/// (docs.github.com/rest), trimmed to the fields the client reads. Not the live service.
/// </summary>
public sealed partial class GitHubHostingClientTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Dictionary<string, string> Link(string next, string last) => new(StringComparer.Ordinal)
    {
        ["Link"] = $"<{{base}}{next}>; rel=\"next\", <{{base}}{last}>; rel=\"last\"",
    };

    static JsonElement Json(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task GetRepositoryAsync_RecordedRepository_MapsFieldsAndSendsHeaders()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello", "github/repo.json");
        using var client = GitHubTestClient.Create(server);

        var repository = await client.GetRepositoryAsync("octo/hello", Ct);

        repository.ShouldBe(new GitHubRepository(1296269, "octo/hello", "octo", "hello", "main", false, false,
            "This your first repo!", "https://github.com/octo/hello", "https://github.com/octo/hello.git"));
        server.ShouldAllBeAuthenticated();
        client.ApiBase.ShouldBe(new Uri(server.BaseAddress, "api/v3/"));
    }

    [Fact]
    public async Task ListRepositoriesAsync_ThreePages_FollowsLinkHeaders()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/orgs/octo/repos", "github/org-repos-page1.json",
                headers: Link("/api/v3/organizations/1/repos?page=2", "/api/v3/organizations/1/repos?page=3"))
            .OnFile("GET", "/api/v3/organizations/1/repos?page=2", "github/org-repos-page2.json",
                headers: Link("/api/v3/organizations/1/repos?page=3", "/api/v3/organizations/1/repos?page=3"))
            .OnFile("GET", "/api/v3/organizations/1/repos?page=3", "github/org-repos-page3.json");
        using var client = GitHubTestClient.Create(server);

        var repositories = await client.ListRepositoriesAsync("octo", isOrganization: true, Ct);

        repositories.Select(repository => repository.Name).ShouldBe(["alpha", "beta", "gamma", "delta", "epsilon"]);
        repositories.Single(repository => repository.Name == "beta").Private.ShouldBeTrue();
        repositories.Single(repository => repository.Name == "epsilon").Archived.ShouldBeTrue();
        server.Requests.Count.ShouldBe(3);
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task ListRepositoriesAsync_User_CallsUsersRoute()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/users/octocat/repos", "github/org-repos-page3.json");
        using var client = GitHubTestClient.Create(server);

        var repositories = await client.ListRepositoriesAsync("octocat", isOrganization: false, Ct);

        repositories.Single().FullName.ShouldBe("octo/epsilon");
    }

    [Theory]
    [InlineData("octo")]
    [InlineData("octo/hello/extra")]
    [InlineData("../hello")]
    [InlineData("octo/..")]
    [InlineData("octo/hel lo")]
    [InlineData("")]
    public async Task GetRepositoryAsync_MalformedName_InvalidWithoutRequest(string repository)
    {
        using var server = new RecordedHttpServer();
        using var client = GitHubTestClient.Create(server);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRepositoryAsync(repository, Ct));

        error.Code.ShouldBe("github.invalid_repository");
        error.Kind.ShouldBe(ErrorKind.Invalid);
        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_PlainHttpToRemoteHost_Refused()
    {
        var error = Should.Throw<LightningException>(() => new GitHubHostingClient(new Uri("http://ghe.example.com/"), "t"));

        error.Code.ShouldBe("github.invalid_base_url");
    }

    [Theory]
    [InlineData(null, "https://api.github.com/")]
    [InlineData("https://github.com/", "https://api.github.com/")]
    [InlineData("https://ghe.example.com/", "https://ghe.example.com/api/v3/")]
    [InlineData("https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3/")]
    public void ApiBaseFor_Hosts_AddsApiV3ForEnterprise(string? baseUrl, string expected) =>
        GitHubHostingClient.ApiBaseFor(baseUrl is null ? null : new Uri(baseUrl)).ShouldBe(new Uri(expected));

    [Theory]
    [InlineData("")]
    [InlineData("abc\r\nX-Evil: 1")]
    public void Constructor_BadToken_Refused(string token)
    {
        var error = Should.Throw<LightningException>(() => new GitHubHostingClient(null, token));

        error.Code.ShouldBe("github.invalid_token");
        if (token.Length > 0)
        {
            error.Message.ShouldNotContain(token);
        }
    }

    [Fact]
    public async Task ListRepositoriesAsync_NoOwner_TokensOwnRepositories()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/user/repos", "github/org-repos-page1.json");
        using var client = GitHubTestClient.Create(server);

        var repositories = await client.ListRepositoriesAsync(null, isOrganization: false, Ct);

        repositories.Select(repository => repository.Name).ShouldBe(["alpha", "beta"]);
    }

    [Fact]
    public async Task GetRepositoryAsync_Cancelled_NoRequest()
    {
        using var server = new RecordedHttpServer().OnFile("GET", "/api/v3/repos/octo/hello", "github/repo.json");
        using var client = GitHubTestClient.Create(server);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetRepositoryAsync("octo/hello", cancelled.Token));
        await Should.ThrowAsync<OperationCanceledException>(() => client.GetRulesetAsync("octo/hello", 1, cancelled.Token));

        server.Requests.ShouldBeEmpty();
    }
}
