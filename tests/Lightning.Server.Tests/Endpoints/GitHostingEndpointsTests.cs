using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Git.Hosting;
using Lightning.Git.Registry;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Tests.Endpoints.Git;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// The hosting routes against a loopback server answering GitHub's and GitLab's documented responses (recorded), so
/// the request the "provider" received can be checked: the stored token in its header, the body the API built.
/// </summary>
public sealed class GitHostingEndpointsTests : IAsyncLifetime
{
    const string Secret = "ghp_endpointT3stTokenValue";
    const string Base = "/api/v2/git/repositories/demo";
    readonly RecordedHttpServer _provider = new();
    readonly List<string> _responses = [];
    GitApi _api = null!;
    GitTestRepository _repo = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = await GitApi.StartAsync();
        _repo = _api.Track(GitTestRepository.Create());
        _repo.CommitFile("README.md", "# demo\n", "chore: start");
    }

    public async ValueTask DisposeAsync()
    {
        // Whatever a test did, no answer the API gave carried the token.
        _responses.ShouldAllBe(body => !body.Contains(Secret, StringComparison.Ordinal));
        await _api.DisposeAsync();
        _provider.Dispose();
    }

    [Fact]
    public async Task Connections_AddListRemove_NeverShowTheToken()
    {
        (await _api.Operator.PostJsonAsync("/api/v2/git/connections", Connection("work", "github"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var added = await ReadAsync<HostingConnectionView>(await _api.Admin.PostJsonAsync("/api/v2/git/connections", Connection("work", "github")));
        var listed = await ReadAsync<List<HostingConnectionView>>(await _api.Viewer.GetAsync("/api/v2/git/connections", Token));

        added.HasWebhookSecret.ShouldBeTrue();
        listed.ShouldHaveSingleItem().Name.ShouldBe("work");
        await RegisterAsync("work", "octo/hello");
        var inUse = await ProblemAsync(await _api.Admin.DeleteAsync("/api/v2/git/connections/work", Token), HttpStatusCode.Conflict);
        inUse.GetProperty("code").GetString().ShouldBe("git.connection_in_use");
        (await _api.Operator.DeleteAsync($"{Base}", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await _api.Admin.DeleteAsync("/api/v2/git/connections/work", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ReadAsync<List<HostingConnectionView>>(await _api.Viewer.GetAsync("/api/v2/git/connections", Token))).ShouldBeEmpty();
    }

    [Fact]
    public async Task Connections_BadInput_Is400NamingTheField()
    {
        var problem = await ProblemAsync(await _api.Admin.PostJsonAsync("/api/v2/git/connections",
            new HostingConnectionRegistration("work", "github", Secret, "http://github.example.com")), HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("baseUrl").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Register_UnknownConnection_Is404AndRegistersNothing()
    {
        var problem = await ProblemAsync(await _api.Admin.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("demo", Path: _repo.Path, Connection: "nope", HostedRepository: "octo/hello")), HttpStatusCode.NotFound);

        problem.GetProperty("code").GetString().ShouldBe("git.connection_not_found");
        (await _api.Viewer.GetAsync(Base, Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task HostedRoutes_RepositoryWithoutConnection_Is400WithAHint()
    {
        await _api.RegisterAsync("demo", _repo.Path);

        var problem = await ProblemAsync(await _api.Viewer.GetAsync($"{Base}/pull-requests", Token), HttpStatusCode.BadRequest);

        problem.GetProperty("code").GetString().ShouldBe("git.no_connection");
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("POST /api/v2/git/connections");
        _provider.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task CreatePullRequest_GitHub_SendsTheStoredTokenAndTheBody()
    {
        await LinkAsync("github", "octo/hello");
        _provider.OnFile("POST", "/api/v3/repos/octo/hello/pulls", "github/pull.json", 201);

        var response = await _api.Operator.PostJsonAsync($"{Base}/pull-requests",
            new CreatePullRequestRequest("Amazing new feature", "new-topic", "main", "Please pull", Draft: true));
        var created = await ReadAsync<PullRequestView>(response);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.ShouldBe(new PullRequestView("github", 1347, "Amazing new feature", "open", "new-topic", "main", false, false,
            "https://github.com/octo/hello/pull/1347"));
        var sent = _provider.Requests.ShouldHaveSingleItem();
        sent.Headers["Authorization"].ShouldBe($"Bearer {Secret}");
        sent.PathAndQuery.ShouldNotContain(Secret);
        using var body = JsonDocument.Parse(sent.Body);
        body.RootElement.GetProperty("title").GetString().ShouldBe("Amazing new feature");
        body.RootElement.GetProperty("head").GetString().ShouldBe("new-topic");
        body.RootElement.GetProperty("base").GetString().ShouldBe("main");
        body.RootElement.GetProperty("body").GetString().ShouldBe("Please pull");
        body.RootElement.GetProperty("draft").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task CreatePullRequest_GitLab_OpensADraftMergeRequestWithThePrivateToken()
    {
        await LinkAsync("gitlab", "3");
        _provider.OnFile("POST", "/api/v4/projects/3/merge_requests", "gitlab/merge_request.json", 201);

        var created = await ReadAsync<PullRequestView>(await _api.Operator.PostJsonAsync($"{Base}/pull-requests",
            new CreatePullRequestRequest("Manual job rules", "manual-job-rules", "main", Draft: true)));

        created.Provider.ShouldBe("gitlab");
        created.Number.ShouldBe(133);
        created.Head.ShouldBe("manual-job-rules");
        var sent = _provider.Requests.ShouldHaveSingleItem();
        sent.Headers["PRIVATE-TOKEN"].ShouldBe(Secret);
        using var body = JsonDocument.Parse(sent.Body);
        body.RootElement.GetProperty("title").GetString().ShouldBe("Draft: Manual job rules");
        body.RootElement.GetProperty("source_branch").GetString().ShouldBe("manual-job-rules");
        body.RootElement.GetProperty("target_branch").GetString().ShouldBe("main");
    }

    [Fact]
    public async Task ListAndMergePullRequests_GitHub_GoThroughTheConnection()
    {
        await LinkAsync("github", "octo/hello");
        _provider.OnFile("GET", "/api/v3/repos/octo/hello/pulls", "github/pulls.json");
        _provider.OnFile("PUT", "/api/v3/repos/octo/hello/pulls/1347/merge", "github/pull-merged.json");

        var open = await ReadAsync<List<PullRequestView>>(await _api.Viewer.GetAsync($"{Base}/pull-requests", Token));
        var merged = await ReadAsync<PullRequestMergeView>(await _api.Operator.PostJsonAsync($"{Base}/pull-requests/1347/merge",
            new MergePullRequestRequest("squash", "6dcb09b5b57875f334f61aebed695e2e4193db5e")));

        open.ShouldNotBeEmpty();
        open.ShouldAllBe(pull => pull.Provider == "github");
        merged.Merged.ShouldBeTrue();
        using var body = JsonDocument.Parse(_provider.Requests.Last().Body);
        body.RootElement.GetProperty("merge_method").GetString().ShouldBe("squash");
        body.RootElement.GetProperty("sha").GetString().ShouldBe("6dcb09b5b57875f334f61aebed695e2e4193db5e");
        (await _api.Viewer.PostJsonAsync($"{Base}/pull-requests/1347/merge", new MergePullRequestRequest())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Review_Post_PostsTheFindingsCommentsToThePullRequest()
    {
        await LinkAsync("github", "octo/hello");
        _repo.Git("switch", "-q", "-c", "feature");
        _repo.CommitFile("docs/notes.md", "fine\n// TODO: finish\n", "docs: notes");
        _provider.OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347", "github/pull.json")
            .OnFile("POST", "/api/v3/repos/octo/hello/pulls/1347/reviews", "github/review.json")
            .OnFile("GET", "/api/v3/repos/octo/hello/pulls/1347/reviews/80/comments", "github/review-comments.json");

        var review = await ReadAsync<ReviewView>(await _api.Operator.PostJsonAsync($"{Base}/review",
            new ReviewRequest("main", "feature", Post: true, ChangeNumber: 1347)));

        review.Posted.ShouldNotBeNull().Select(c => c.Id).ShouldBe(["10", "11"]);
        var sent = _provider.Requests.Single(r => r.Method == "POST");
        sent.Headers["Authorization"].ShouldBe($"Bearer {Secret}");
        using var body = JsonDocument.Parse(sent.Body);
        body.RootElement.GetProperty("comments").EnumerateArray()
            .ShouldContain(c => c.GetProperty("path").GetString() == "docs/notes.md" && c.GetProperty("line").GetInt32() == 2);
        body.RootElement.GetProperty("commit_id").GetString().ShouldBe("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    }

    [Fact]
    public async Task Review_PostWithoutChangeNumber_Is400AndPostsNothing()
    {
        await LinkAsync("github", "octo/hello");

        var problem = await ProblemAsync(await _api.Operator.PostJsonAsync($"{Base}/review", new ReviewRequest("main", "main", Post: true)),
            HttpStatusCode.BadRequest);

        problem.GetProperty("errors").GetProperty("changeNumber").GetArrayLength().ShouldBe(1);
        _provider.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task BranchProtection_GetPutAndCheck_GoThroughTheConnection()
    {
        await LinkAsync("github", "octo/hello");
        _provider.OnFile("GET", "/api/v3/repos/octo/hello/branches/main/protection", "github/branch-protection.json")
            .OnFile("PUT", "/api/v3/repos/octo/hello/branches/main/protection", "github/branch-protection.json")
            .OnFile("GET", "/api/v3/repos/octo/hello/branches/develop/protection", "github/branch-not-protected.json", 404);

        var current = await ReadAsync<BranchProtectionView>(await _api.Viewer.GetAsync($"{Base}/branch-protection/main", Token));
        current.Protected.ShouldBeTrue();
        current.Protection.ShouldNotBeNull().RequiredApprovals.ShouldBe(2);
        current.Protection.RequiredStatusChecks.ShouldBe(["build", "test"]);
        current.Protection.EnforceAdmins.ShouldBeTrue();

        var wanted = new BranchProtection { RequiredApprovals = 2, RequiredStatusChecks = ["build", "test"], EnforceAdmins = true };
        (await _api.Operator.PutAsJsonAsync($"{Base}/branch-protection/main", wanted, LightningJson.Options, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var applied = await ReadAsync<BranchProtectionView>(await _api.Admin.PutAsJsonAsync($"{Base}/branch-protection/main", wanted, LightningJson.Options, Token));
        applied.Protection.ShouldNotBeNull().RequiredApprovals.ShouldBe(2);
        using (var body = JsonDocument.Parse(_provider.Requests.Single(r => r.Method == "PUT").Body))
        {
            body.RootElement.GetProperty("required_pull_request_reviews").GetProperty("required_approving_review_count").GetInt32().ShouldBe(2);
            body.RootElement.GetProperty("enforce_admins").GetBoolean().ShouldBeTrue();
        }

        var check = await ReadAsync<BranchProtectionCheckView>(await _api.Viewer.GetAsync(
            $"{Base}/branch-protection/main/check?requiredApprovals=3&requiredStatusChecks=build&requiredStatusChecks=lint&enforceAdmins=true&allowForcePushes=false", Token));
        check.Compliant.ShouldBeFalse();
        check.Differences.ShouldBe([
            new BranchProtectionDifference("requiredApprovals", "at least 3", "2"),
            new BranchProtectionDifference("requiredStatusChecks", "includes lint", "build, test"),
        ]);
        (await ReadAsync<BranchProtectionCheckView>(await _api.Viewer.GetAsync(
            $"{Base}/branch-protection/main/check?requiredApprovals=1&requiredStatusChecks=test", Token))).Compliant.ShouldBeTrue();

        var unprotected = await ReadAsync<BranchProtectionCheckView>(await _api.Viewer.GetAsync(
            $"{Base}/branch-protection/develop/check?allowForcePushes=false", Token));
        unprotected.Protected.ShouldBeFalse();
        unprotected.Differences.ShouldHaveSingleItem().ShouldBe(new BranchProtectionDifference("allowForcePushes", "false", "true"));
        _provider.Requests.ShouldAllBe(r => r.Headers["Authorization"] == $"Bearer {Secret}");
    }

    [Fact]
    public async Task FetchAndClone_RepositoryWithConnection_SendTheConnectionsTokenToTheRemote()
    {
        var remote = new Uri(_provider.BaseAddress, "octo/hello.git").ToString();
        _repo.Git("remote", "add", "origin", remote);
        await LinkAsync("github", "octo/hello");
        var basic = $"Basic {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("x-access-token:" + Secret))}";

        // The recorded server is no git host: the fetch fails, but what git sent is what counts here.
        var fetch = await _api.Operator.PostJsonAsync($"{Base}/fetch", new FetchRequest());
        _responses.Add(await fetch.Content.ReadAsStringAsync(Token));
        var clone = await _api.Operator.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("cloned", CloneUrl: remote, Connection: "work", HostedRepository: "octo/hello"));
        _responses.Add(await clone.Content.ReadAsStringAsync(Token));

        fetch.IsSuccessStatusCode.ShouldBeFalse();
        clone.IsSuccessStatusCode.ShouldBeFalse();
        var gitRequests = _provider.Requests.Where(r => r.PathAndQuery.StartsWith("/octo/hello.git/info/refs", StringComparison.Ordinal)).ToList();
        gitRequests.Count.ShouldBe(2);
        gitRequests.ShouldAllBe(r => r.Headers["Authorization"] == basic);
    }

    HostingConnectionRegistration Connection(string name, string provider) =>
        new(name, provider, Secret, _provider.BaseAddress.ToString(), "hook-secret");

    async Task LinkAsync(string provider, string hosted)
    {
        (await _api.Admin.PostJsonAsync("/api/v2/git/connections", Connection("work", provider))).StatusCode.ShouldBe(HttpStatusCode.Created);
        await RegisterAsync("work", hosted);
    }

    async Task RegisterAsync(string connection, string hosted)
    {
        var response = await _api.Admin.PostJsonAsync("/api/v2/git/repositories",
            new RepositoryRegistration("demo", Path: _repo.Path, Connection: connection, HostedRepository: hosted));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Token));
    }

    async Task<T> ReadAsync<T>(HttpResponseMessage response)
    {
        _responses.Add(await response.Content.ReadAsStringAsync(Token));
        return await response.ReadAsync<T>();
    }

    async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        _responses.Add(await response.Content.ReadAsStringAsync(Token));
        return await response.ShouldBeProblemAsync(status);
    }
}
