using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitLab;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitLab;

/// <summary>
/// The GitLab client against a real loopback HTTP server answering recorded responses that follow GitLab's documented
/// REST API v4 (JSON as the API reference shows it, trimmed to the fields used).
/// </summary>
public sealed partial class GitLabClientTests : IDisposable
{
    const string AccessToken = "glpat-recorded-0123456789abcdef";
    const string Project = "diaspora/diaspora-client";
    const string ProjectPath = "/api/v4/projects/diaspora%2Fdiaspora-client";

    readonly RecordedHttpServer _server = new();
    readonly HttpClient _http = new();
    readonly DelayRecordingTimeProvider _time = new();

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    GitLabClient NewClient(int maxRateLimitWaitSeconds = 120) =>
        new(_http, new GitLabOptions { BaseUrl = _server.BaseAddress, Token = AccessToken, MaxRateLimitWaitSeconds = maxRateLimitWaitSeconds }, _time);

    RecordedRequest Single(string method, string pathAndQuery) =>
        _server.Requests.Single(request => request.Method == method && request.PathAndQuery == pathAndQuery);

    static JsonElement Body(RecordedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    public void Dispose()
    {
        _http.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task GetProjectAsync_ByPath_EncodesThePathAndSendsTheToken()
    {
        _server.OnFile("GET", ProjectPath, "gitlab/project.json");

        var project = await NewClient().GetProjectAsync(Project, Cancellation);

        project.Id.ShouldBe(3);
        project.PathWithNamespace.ShouldBe("diaspora/diaspora-client");
        project.DefaultBranch.ShouldBe("main");
        var request = _server.Requests.Single();
        request.PathAndQuery.ShouldBe(ProjectPath);
        request.Headers["PRIVATE-TOKEN"].ShouldBe(AccessToken);
    }

    [Fact]
    public async Task GetProjectAsync_ByNumericId_UsesTheIdAsIs()
    {
        _server.OnFile("GET", "/api/v4/projects/3", "gitlab/project.json");

        (await NewClient().GetProjectAsync("3", Cancellation)).Name.ShouldBe("Diaspora Client");
    }

    [Fact]
    public async Task GetProjectAsync_SelfManagedBaseUnderAPath_RoutesUnderItsApiV4()
    {
        _server.OnFile("GET", "/gitlab/api/v4/projects/3", "gitlab/project.json");
        var client = new GitLabClient(_http, new GitLabOptions { BaseUrl = new Uri(_server.BaseAddress, "gitlab"), Token = AccessToken }, _time);

        (await client.GetProjectAsync("3", Cancellation)).Id.ShouldBe(3);
    }

    [Fact]
    public async Task ListProjectsAsync_ThreePagesByXNextPage_ReturnsEveryItem()
    {
        const string First = "/api/v4/projects?membership=true&simple=true&per_page=100";
        _server.OnFile("GET", First, "gitlab/projects-page1.json", headers: new Dictionary<string, string> { ["X-Next-Page"] = "2", ["X-Page"] = "1" })
            .OnFile("GET", First + "&page=2", "gitlab/projects-page2.json", headers: new Dictionary<string, string> { ["X-Next-Page"] = "3", ["X-Page"] = "2" })
            .OnFile("GET", First + "&page=3", "gitlab/projects-page3.json", headers: new Dictionary<string, string> { ["X-Page"] = "3" });

        var projects = await NewClient().ListProjectsAsync(search: null, Cancellation);

        projects.Select(project => project.Id).ShouldBe([11, 12, 21, 22, 31, 32]);
        _server.Requests.Select(request => request.PathAndQuery).ShouldBe([First, First + "&page=2", First + "&page=3"]);
        _server.Requests.ShouldAllBe(request => request.Headers["PRIVATE-TOKEN"] == AccessToken);
    }

    [Fact]
    public async Task ListIssuesAsync_ThreePagesByLinkHeader_FollowsTheKeysetLinks()
    {
        var issues = "/api/v4/projects/3/issues";
        _server.OnFile("GET", issues + "?state=opened&per_page=100", "gitlab/issues.json",
                headers: new Dictionary<string, string> { ["Link"] = $"<{{base}}{issues}?id_after=76&per_page=100&state=opened>; rel=\"next\"" })
            .OnFile("GET", issues + "?id_after=76&per_page=100&state=opened", "gitlab/issues.json",
                headers: new Dictionary<string, string> { ["Link"] = $"<{{base}}{issues}?id_after=77&per_page=100&state=opened>; rel=\"next\", <{{base}}{issues}?per_page=100>; rel=\"first\"" })
            .OnFile("GET", issues + "?id_after=77&per_page=100&state=opened", "gitlab/issues.json",
                headers: new Dictionary<string, string> { ["Link"] = $"<{{base}}{issues}?per_page=100>; rel=\"first\"" });

        var found = await NewClient().ListIssuesAsync("3", "opened", Cancellation);

        found.Count.ShouldBe(3);
        found[0].Labels.ShouldBe(["foo", "bar"]);
        _server.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task ListIssuesAsync_NextLinkToAnotherHost_IsNotFollowed()
    {
        _server.OnFile("GET", "/api/v4/projects/3/issues", "gitlab/issues.json",
            headers: new Dictionary<string, string> { ["Link"] = "<https://attacker.example/api/v4/projects/3/issues?page=2>; rel=\"next\"" });

        var error = await Should.ThrowAsync<LightningException>(() => NewClient().ListIssuesAsync("3", null, Cancellation));

        error.Code.ShouldBe("gitlab.bad_pagination");
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendAsync_429WithRetryAfter_WaitsThatLongThenRetries()
    {
        _server.On("GET", "/api/v4/projects/3", 429, """{"message":"Retry later"}""", new Dictionary<string, string> { ["Retry-After"] = "7" })
            .OnFile("GET", "/api/v4/projects/3", "gitlab/project.json");

        var project = await NewClient().GetProjectAsync("3", Cancellation);

        project.Id.ShouldBe(3);
        _time.Delays.ShouldBe([TimeSpan.FromSeconds(7)]);
        _server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task SendAsync_429WithRateLimitResetOnly_WaitsUntilTheReset()
    {
        var reset = _time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds();
        _server.On("GET", "/api/v4/projects/3", 429, """{"message":"Retry later"}""",
                new Dictionary<string, string> { ["RateLimit-Reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture), ["RateLimit-Remaining"] = "0" })
            .OnFile("GET", "/api/v4/projects/3", "gitlab/project.json");

        (await NewClient().GetProjectAsync("3", Cancellation)).Id.ShouldBe(3);

        _time.Delays.ShouldBe([TimeSpan.FromSeconds(30)]);
    }

    [Fact]
    public async Task SendAsync_429PastTheMaximumWait_GivesUpAsRateLimitedWithoutWaiting()
    {
        _server.On("GET", "/api/v4/projects/3", 429, """{"message":"Retry later"}""", new Dictionary<string, string> { ["Retry-After"] = "600" });

        var error = await Should.ThrowAsync<LightningException>(() => NewClient(maxRateLimitWaitSeconds: 120).GetProjectAsync("3", Cancellation));

        error.Kind.ShouldBe(ErrorKind.RateLimited);
        error.Code.ShouldBe("gitlab.rate_limited");
        _time.Delays.ShouldBeEmpty();
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task SendAsync_Repeated429_GivesUpOnceTheWaitsAddUpPastTheMaximum()
    {
        _server.On("GET", "/api/v4/projects/3", 429, """{"message":"Retry later"}""", new Dictionary<string, string> { ["Retry-After"] = "60" });

        var error = await Should.ThrowAsync<LightningException>(() => NewClient(maxRateLimitWaitSeconds: 100).GetProjectAsync("3", Cancellation));

        error.Code.ShouldBe("gitlab.rate_limited");
        _time.Delays.ShouldBe([TimeSpan.FromSeconds(60)]);
        _server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task SendAsync_429RetryAfterZeroForever_WaitsASecondEachTimeAndGivesUp()
    {
        _server.On("GET", "/api/v4/projects/3", 429, """{"message":"Retry later"}""", new Dictionary<string, string> { ["Retry-After"] = "0" });

        var error = await Should.ThrowAsync<LightningException>(() => NewClient(maxRateLimitWaitSeconds: 3).GetProjectAsync("3", Cancellation));

        error.Code.ShouldBe("gitlab.rate_limited");
        _time.Delays.ShouldBe([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]);
        _server.Requests.Count.ShouldBe(4);
    }

    [Theory]
    [InlineData(400, """{"message":{"title":["can't be blank"],"source_branch":["is invalid"]}}""", ErrorKind.Invalid, "gitlab.invalid", "title can't be blank; source_branch is invalid")]
    [InlineData(401, """{"message":"401 Unauthorized"}""", ErrorKind.Upstream, "gitlab.auth_failed", "401 Unauthorized")]
    [InlineData(401, """{"error":"invalid_token","error_description":"Token was revoked. You have to re-authorize from the user."}""", ErrorKind.Upstream, "gitlab.auth_failed", "invalid_token: Token was revoked.")]
    [InlineData(403, """{"message":"403 Forbidden"}""", ErrorKind.Upstream, "gitlab.forbidden", "403 Forbidden")]
    [InlineData(404, """{"message":"404 Project Not Found"}""", ErrorKind.NotFound, "gitlab.not_found", "404 Project Not Found")]
    [InlineData(409, """{"message":["Another open merge request already exists for this source branch: !1"]}""", ErrorKind.Conflict, "gitlab.conflict", "Another open merge request already exists")]
    [InlineData(422, """{"message":"Branch cannot be protected"}""", ErrorKind.Invalid, "gitlab.invalid", "Branch cannot be protected")]
    [InlineData(500, """{"message":"500 Internal Server Error"}""", ErrorKind.Upstream, "gitlab.unavailable", "500 Internal Server Error")]
    [InlineData(502, "<html><body>Bad gateway</body></html>", ErrorKind.Upstream, "gitlab.unavailable", "<html><body>Bad gateway")]
    public async Task SendAsync_ErrorStatus_BecomesALightningExceptionWithGitLabsMessage(
        int status, string body, ErrorKind kind, string code, string expected)
    {
        _server.On("POST", "/api/v4/projects/3/merge_requests", status, body);

        var error = await Should.ThrowAsync<LightningException>(() => NewClient().CreateMergeRequestAsync("3",
            new GitLabMergeRequestCreate { SourceBranch = "feature", TargetBranch = "main", Title = "T" }, Cancellation));

        error.Kind.ShouldBe(kind);
        error.Code.ShouldBe(code);
        error.Message.ShouldContain(expected);
        error.Message.ShouldContain("POST /api/v4/projects/3/merge_requests");
        error.Message.ShouldNotContain(AccessToken);
        _time.Delays.ShouldBeEmpty();
    }

    [Fact]
    public async Task SendAsync_ServerGone_IsUnavailable()
    {
        Uri address;
        using (var gone = new RecordedHttpServer())
        {
            address = gone.BaseAddress;
        }

        var client = new GitLabClient(_http, new GitLabOptions { BaseUrl = address, Token = AccessToken }, _time);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetProjectAsync("3", Cancellation));

        error.Code.ShouldBe("gitlab.unreachable");
        error.Message.ShouldNotContain(AccessToken);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task GetProjectAsync_NoProject_IsInvalidAndSendsNothing(string project)
    {
        var error = await Should.ThrowAsync<LightningException>(() => NewClient().GetProjectAsync(project, Cancellation));

        error.Code.ShouldBe("gitlab.invalid_project");
        _server.Requests.ShouldBeEmpty();
    }
}
