using System.Net;
using Lightning.Collaboration.Execution;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints;
using Lightning.Server.Tests.Endpoints.Git;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>
/// <c>POST /api/v2/git/webhooks/{provider}/{connection}</c>: deliveries checked against the connection's stored webhook
/// secret, and a trigger that listens to one connection only.
/// </summary>
public sealed class GitConnectionWebhookEndpointsTests : IAsyncLifetime
{
    const string ConfiguredSecret = "configured-secret";
    const string WorkSecret = "work-hook-secret";
    readonly TempDirectory _files = new();
    readonly LightningAppFactory _app;
    HttpClient _admin = null!;
    HttpClient _viewer = null!;

    public GitConnectionWebhookEndpointsTests()
    {
        var task = GitHubPushDeliveries.WriteEchoTask(_files.Path, """{ connection: "${inputs.connection}", repository: "${inputs.repository}" }""");
        _app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:Git:Webhooks:GitHubSecret"] = ConfiguredSecret,
            ["Lightning:Git:Triggers:0:Connection"] = "work",
            ["Lightning:Git:Triggers:0:TaskFile"] = task,
        });
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        await AddAsync(new HostingConnectionRegistration("work", "github", "ghp_token", WebhookSecret: WorkSecret));
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        _viewer.Dispose();
        await _app.DisposeAsync();
        _files.Dispose();
    }

    [Fact]
    public async Task Receive_SignedWithTheConnectionsSecret_IsAcceptedAndStartsTheConnectionsTrigger()
    {
        var response = await DeliverAsync("github/work", WorkSecret, "d-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var answer = await response.ReadAsync<WebhookAnswer>();
        answer.Outcome.ShouldBe("Accepted");
        var started = await WaitForCollaborationAsync();
        var view = await (await _viewer.GetAsync(new Uri($"/api/v2/collaborate/status/{started.Id}", UriKind.Relative), Token)).ReadAsync<CollaborationView>();
        view.Subtasks.Single().Output!.Value.GetProperty("connection").GetString().ShouldBe("work");
    }

    [Fact]
    public async Task Receive_Replay_IsAcknowledgedAndDropped()
    {
        (await DeliverAsync("github/work", WorkSecret, "d-2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await WaitForCollaborationAsync();

        var replay = await DeliverAsync("github/work", WorkSecret, "d-2");

        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await replay.ReadAsync<WebhookAnswer>()).Outcome.ShouldBe("Duplicate");
        (await ListAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_ConfiguredSecretOnTheConnectionsRoute_Is401()
    {
        var response = await DeliverAsync("github/work", ConfiguredSecret, "d-3");

        await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        (await ListAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Receive_ProviderRoute_StillUsesConfigurationAndDoesNotMatchTheConnectionsTrigger()
    {
        (await DeliverAsync("github", WorkSecret, "d-4")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await DeliverAsync("github", ConfiguredSecret, "d-5")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ListAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("github/nope")]
    [InlineData("gitlab/work")]
    public async Task Receive_UnknownConnectionOrAnotherProviders_Is404(string route)
    {
        var response = await DeliverAsync(route, WorkSecret, "d-6");

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Receive_ConnectionWithoutSecret_Is401()
    {
        await AddAsync(new HostingConnectionRegistration("bare", "github", "ghp_token"));

        var response = await DeliverAsync("github/bare", WorkSecret, "d-7");

        (await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized)).GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("no webhook secret");
    }

    async Task AddAsync(HostingConnectionRegistration registration) =>
        (await _admin.PostJsonAsync("/api/v2/git/connections", registration)).StatusCode.ShouldBe(HttpStatusCode.Created);

    Task<HttpResponseMessage> DeliverAsync(string route, string secret, string delivery) =>
        GitHubPushDeliveries.DeliverAsync(_app.CreateClient(), route, GitHubPushDeliveries.Push(), delivery, secret);

    Task<IReadOnlyList<CollaborationSummary>> ListAsync() => GitHubPushDeliveries.CollaborationsAsync(_viewer);

    Task<CollaborationSummary> WaitForCollaborationAsync() => GitHubPushDeliveries.WaitForCollaborationAsync(_viewer);
}
