using System.Net;
using Lightning.Collaboration.Execution;
using Lightning.Server.Auth;
using Lightning.Server.Tests.Endpoints.Git;
using static Lightning.Server.Tests.Endpoints.Git.GitHubPushDeliveries;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

public sealed class GitWebhookEndpointsTests : IAsyncLifetime
{
    const string Secret = "hook-secret";
    readonly TempDirectory _files = new();
    readonly LightningAppFactory _app;
    HttpClient _viewer = null!;

    public GitWebhookEndpointsTests()
    {
        var task = WriteEchoTask(_files.Path,
            """{ repository: "${inputs.repository}", branch: "${inputs.branch}", after: "${inputs.after}", cloneUrl: "${inputs.cloneUrl}" }""");
        _app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:Git:Webhooks:GitHubSecret"] = Secret,
            ["Lightning:Git:Triggers:0:Repository"] = "octo/app",
            ["Lightning:Git:Triggers:0:Branch"] = "main",
            ["Lightning:Git:Triggers:0:TaskFile"] = task,
        });
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);

    [Fact]
    public async Task Receive_SignedPushToWatchedBranch_StartsACollaborationWithTheEventAsInputs()
    {
        var response = await DeliverAsync(Push("main"), sign: true, delivery: "d-1");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var started = await WaitForCollaborationAsync();
        started.SubmittedBy.ShouldBe("webhook:github");
        var view = await (await _viewer.GetAsync(new Uri($"/api/v2/collaborate/status/{started.Id}", UriKind.Relative), Token)).ReadAsync<CollaborationView>();
        view.Subtasks.Single().Output!.Value.GetProperty("after").GetString().ShouldBe("b".PadLeft(40, 'b'));
        view.Subtasks.Single().Output!.Value.GetProperty("cloneUrl").GetString().ShouldBe("https://github.com/octo/app.git");

        // The provider redelivers the same delivery: acknowledged, nothing started twice.
        var replay = await DeliverAsync(Push("main"), sign: true, delivery: "d-1");
        replay.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync()).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_UnsignedOrBadlySigned_IsRefusedAndStartsNothing()
    {
        (await DeliverAsync(Push("main"), sign: false, delivery: "d-2")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var forged = await DeliverAsync(Push("main"), sign: true, delivery: "d-3", tamper: true);

        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forged.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await ListAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Receive_PushToAnotherBranch_IsAcceptedButStartsNothing()
    {
        (await DeliverAsync(Push("feature/x"), sign: true, delivery: "d-4")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await ListAsync()).ShouldBeEmpty();
    }

    Task<HttpResponseMessage> DeliverAsync(string body, bool sign, string delivery, bool tamper = false) =>
        GitHubPushDeliveries.DeliverAsync(_app.CreateClient(), "github", body, delivery, sign ? Secret : null,
            tamper ? body.Replace("octocat", "mallory", StringComparison.Ordinal) : null);

    Task<IReadOnlyList<CollaborationSummary>> ListAsync() => GitHubPushDeliveries.CollaborationsAsync(_viewer);

    Task<CollaborationSummary> WaitForCollaborationAsync() => GitHubPushDeliveries.WaitForCollaborationAsync(_viewer);

    public async ValueTask DisposeAsync()
    {
        _viewer.Dispose();
        await _app.DisposeAsync();
        _files.Dispose();
    }
}
