using System.Globalization;
using System.Net;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

/// <summary>
/// Rate limits as GitHub documents them (docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api), served
/// by the recorded server; the clock is an <see cref="InstantTimeProvider"/>, so waits are exact and take no time.
/// </summary>
public sealed class GitHubRateLimitHandlerTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Dictionary<string, string> PrimaryLimit(TimeSpan resetIn) => new(StringComparer.Ordinal)
    {
        ["x-ratelimit-limit"] = "5000",
        ["x-ratelimit-remaining"] = "0",
        ["x-ratelimit-used"] = "5000",
        ["x-ratelimit-resource"] = "core",
        ["x-ratelimit-reset"] = GitHubTestClient.Now.Add(resetIn).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task OctokitCall_PrimaryLimit_WaitsUntilResetThenRetries()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello", "github/error-rate-limit.json", 403, PrimaryLimit(TimeSpan.FromSeconds(42)))
            .OnFile("GET", "/api/v3/repos/octo/hello", "github/repo.json");
        var clock = new InstantTimeProvider(GitHubTestClient.Now);
        using var client = GitHubTestClient.Create(server, clock);

        var repository = await client.GetRepositoryAsync("octo/hello", Ct);

        repository.FullName.ShouldBe("octo/hello");
        clock.Waits.ShouldBe([TimeSpan.FromSeconds(42)]);
        server.Requests.Count.ShouldBe(2);
        server.ShouldAllBeAuthenticated();
    }

    [Fact]
    public async Task TypedCall_SecondaryLimitRetryAfter_WaitsThatLongThenRetries()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/rulesets/42", "github/error-secondary-rate-limit.json", 429,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["retry-after"] = "7" })
            .OnFile("GET", "/api/v3/repos/octo/hello/rulesets/42", "github/ruleset.json");
        var clock = new InstantTimeProvider(GitHubTestClient.Now);
        using var client = GitHubTestClient.Create(server, clock);

        var ruleset = await client.GetRulesetAsync("octo/hello", 42, Ct);

        ruleset.Id.ShouldBe(42);
        clock.Waits.ShouldBe([TimeSpan.FromSeconds(7)]);
        server.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task TypedPost_PrimaryLimit_ResendsSameBody()
    {
        using var server = new RecordedHttpServer()
            .OnFile("POST", "/api/v3/repos/octo/hello/rulesets", "github/error-rate-limit.json", 403, PrimaryLimit(TimeSpan.FromSeconds(3)))
            .OnFile("POST", "/api/v3/repos/octo/hello/rulesets", "github/ruleset.json", 201);
        var clock = new InstantTimeProvider(GitHubTestClient.Now);
        using var client = GitHubTestClient.Create(server, clock);

        await client.CreateRulesetAsync("octo/hello", new GitHubRuleset(0, "r", "branch", "active", ["~ALL"], [], []), Ct);

        var bodies = server.Requests.Select(request => request.Body).ToList();
        bodies.Count.ShouldBe(2);
        bodies[1].ShouldBe(bodies[0]);
        bodies[0].ShouldContain("\"name\":\"r\"");
    }

    [Fact]
    public async Task OctokitCall_ResetBeyondMaximum_RateLimitedWithoutWaiting()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello", "github/error-rate-limit.json", 403, PrimaryLimit(TimeSpan.FromMinutes(30)));
        var clock = new InstantTimeProvider(GitHubTestClient.Now);
        using var client = GitHubTestClient.Create(server, clock, new GitHubOptions { MaxRateLimitWaitSeconds = 60 });

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRepositoryAsync("octo/hello", Ct));

        error.Kind.ShouldBe(ErrorKind.RateLimited);
        error.Code.ShouldBe("github.rate_limited");
        error.Message.ShouldContain("1800 s");
        clock.Waits.ShouldBeEmpty();
        server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task TypedCall_LimitKeepsComingBack_GivesUpAfterMaxRetries()
    {
        using var server = new RecordedHttpServer()
            .OnFile("GET", "/api/v3/repos/octo/hello/rulesets/42", "github/error-rate-limit.json", 403, PrimaryLimit(TimeSpan.FromSeconds(10)));
        var clock = new InstantTimeProvider(GitHubTestClient.Now);
        using var client = GitHubTestClient.Create(server, clock, new GitHubOptions { MaxRateLimitRetries = 2 });

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRulesetAsync("octo/hello", 42, Ct));

        error.Code.ShouldBe("github.rate_limited");
        server.Requests.Count.ShouldBe(3);
        // The recorded reset is fixed, so after the first wait the clock is past it and the handler waits the minimum.
        clock.Waits.ShouldBe([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)]);
    }

    [Fact]
    public async Task Forbidden_WithoutRateLimitHeaders_NotRetried()
    {
        using var server = new RecordedHttpServer()
            .On("GET", "/api/v3/repos/octo/hello", 403, """{"message":"Resource not accessible by integration"}""",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["x-ratelimit-remaining"] = "4999" });
        var clock = new InstantTimeProvider(GitHubTestClient.Now);
        using var client = GitHubTestClient.Create(server, clock);

        var error = await Should.ThrowAsync<LightningException>(() => client.GetRepositoryAsync("octo/hello", Ct));

        error.Code.ShouldBe("github.forbidden");
        error.Message.ShouldContain("Resource not accessible by integration");
        clock.Waits.ShouldBeEmpty();
        server.Requests.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(403, "0", 30, null, 30)]
    [InlineData(429, "0", 30, null, 30)]
    [InlineData(403, "0", -5, null, 1)]
    [InlineData(403, null, null, 12, 12)]
    [InlineData(429, null, null, null, 60)]
    [InlineData(403, "10", 30, null, null)]
    [InlineData(500, "0", 30, null, null)]
    [InlineData(200, "0", 30, null, null)]
    public void RateLimitWait_Headers_DocumentedWait(int status, string? remaining, int? resetInSeconds, int? retryAfter, int? expectedSeconds)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (remaining is not null)
        {
            response.Headers.Add("x-ratelimit-remaining", remaining);
        }

        if (resetInSeconds is { } reset)
        {
            response.Headers.Add("x-ratelimit-reset", GitHubTestClient.Now.AddSeconds(reset).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        }

        if (retryAfter is { } after)
        {
            response.Headers.Add("retry-after", after.ToString(CultureInfo.InvariantCulture));
        }

        GitHubRateLimitHandler.RateLimitWait(response, GitHubTestClient.Now)
            .ShouldBe(expectedSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }
}
