using Lightning.Git.Hosting.GitHub;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Hosting.GitHub;

internal static class GitHubTestClient
{
    public const string Token = "ghp_TESTTOKEN0123456789abcdefABCDEF0123";

    public static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static GitHubHostingClient Create(RecordedHttpServer server, TimeProvider? timeProvider = null, GitHubOptions? options = null) =>
        new(server.BaseAddress, Token, options, timeProvider ?? new InstantTimeProvider(Now));

    /// <summary>Every request carried the token in the Authorization header and nowhere in the URL.</summary>
    public static void ShouldAllBeAuthenticated(this RecordedHttpServer server)
    {
        server.Requests.ShouldNotBeEmpty();
        foreach (var request in server.Requests)
        {
            request.Headers.TryGetValue("Authorization", out var authorization).ShouldBeTrue();
            authorization.ShouldBe($"Bearer {Token}");
            request.PathAndQuery.ShouldNotContain(Token);
            request.PathAndQuery.ShouldStartWith("/api/");
            request.Headers["X-GitHub-Api-Version"].ShouldBe("2022-11-28");
            request.Headers["User-Agent"].ShouldStartWith("AgentLightning");
        }
    }

    public static RecordedRequest Single(this RecordedHttpServer server, string method, string path) =>
        server.Requests.Single(request => request.Method == method && request.PathAndQuery.Split('?')[0] == path);
}
