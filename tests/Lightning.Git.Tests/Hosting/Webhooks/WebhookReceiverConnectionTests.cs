using Lightning.Git.Hosting.Webhooks;
using Lightning.Git.Registry;
using Lightning.Git.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Hosting.Webhooks;

/// <summary>
/// Deliveries for one hosting connection, through the module as <c>AddLightningGit</c> wires it: the receiver checks them
/// against the connection's stored secret, never the provider's configured one.
/// </summary>
public sealed class WebhookReceiverConnectionTests : IAsyncLifetime
{
    const string ConfiguredSecret = "configured-github-secret";
    const string WorkSecret = "work-connection-secret";
    readonly RecordingEventSink _sink = new();
    GitModule _module = null!;
    HostingConnectionStore _connections = null!;
    WebhookReceiver _receiver = null!;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _module = await GitModule.StartAsync(
            new Dictionary<string, string?> { ["Lightning:Git:Webhooks:GitHubSecret"] = ConfiguredSecret },
            services => services.AddSingleton<IGitEventSink>(_sink));
        _connections = _module.Get<HostingConnectionStore>();
        _receiver = _module.Get<WebhookReceiver>();
        await _connections.AddAsync(new HostingConnectionRegistration("work", "github", "ghp_token", WebhookSecret: WorkSecret), "tests", Cancel);
    }

    public async ValueTask DisposeAsync() => await _module.DisposeAsync();

    [Fact]
    public async Task ReceiveAsync_SignedWithTheConnectionsSecret_IsAcceptedAndNamesTheConnection()
    {
        var body = PushBody();

        var receipt = await _receiver.ReceiveAsync("github", "work", Headers(body, WorkSecret), body, Cancel);

        receipt.Outcome.ShouldBe(WebhookOutcome.Accepted, receipt.Reason);
        var gitEvent = _sink.Events.ShouldHaveSingleItem();
        gitEvent.Connection.ShouldBe("work");
        gitEvent.Repository.ShouldBe("Codertocat/Hello-World");
    }

    [Fact]
    public async Task ReceiveAsync_ConfiguredSecretOnTheConnectionsRoute_IsRefused()
    {
        var body = PushBody();

        var receipt = await _receiver.ReceiveAsync("github", "work", Headers(body, ConfiguredSecret), body, Cancel);

        receipt.StatusCode.ShouldBe(401);
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_ConnectionsSecretOnTheProviderRoute_IsRefused()
    {
        var body = PushBody();

        var receipt = await _receiver.ReceiveAsync("github", Headers(body, WorkSecret), body, Cancel);

        receipt.StatusCode.ShouldBe(401);
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_ProviderRoute_EventHasNoConnection()
    {
        var body = PushBody();

        (await _receiver.ReceiveAsync("github", Headers(body, ConfiguredSecret), body, Cancel)).Outcome.ShouldBe(WebhookOutcome.Accepted);

        _sink.Events.ShouldHaveSingleItem().Connection.ShouldBeNull();
    }

    [Theory]
    [InlineData("github", "nope")]
    [InlineData("gitlab", "work")]
    [InlineData("github", "Not A Name")]
    public async Task ReceiveAsync_UnknownConnectionOrAnotherProviders_Is404(string provider, string connection)
    {
        var body = PushBody();

        var receipt = await _receiver.ReceiveAsync(provider, connection, Headers(body, WorkSecret), body, Cancel);

        receipt.StatusCode.ShouldBe(404);
        receipt.Reason.ShouldBe($"No {provider} hosting connection named '{connection}'.");
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_ConnectionWithoutSecret_Is401EvenForAnUnsignedDelivery()
    {
        await _connections.AddAsync(new HostingConnectionRegistration("bare", "github", "ghp_token"), "tests", Cancel);
        var body = PushBody();
        var headers = Headers(body, WorkSecret);
        headers.Remove("X-Hub-Signature-256");

        var receipt = await _receiver.ReceiveAsync("github", "bare", headers, body, Cancel);

        receipt.StatusCode.ShouldBe(401);
        receipt.Reason.ShouldContain("has no webhook secret");
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_SecretRotated_OldOneRefusedNewOneAccepted_RemovedRefusesAll()
    {
        await _connections.UpdateAsync("work", new HostingConnectionUpdate(WebhookSecret: "rotated-secret"), "tests", Cancel);
        var body = PushBody();

        (await _receiver.ReceiveAsync("github", "work", Headers(body, WorkSecret, "d-old"), body, Cancel)).StatusCode.ShouldBe(401);
        (await _receiver.ReceiveAsync("github", "work", Headers(body, "rotated-secret", "d-new"), body, Cancel)).Outcome.ShouldBe(WebhookOutcome.Accepted);

        await _connections.UpdateAsync("work", new HostingConnectionUpdate(WebhookSecret: string.Empty), "tests", Cancel);
        (await _receiver.ReceiveAsync("github", "work", Headers(body, "rotated-secret", "d-after"), body, Cancel)).StatusCode.ShouldBe(401);
        _sink.Events.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReceiveAsync_Replay_IsDroppedOnTheSameRouteAndOnAnotherConnectionSharingTheSecret()
    {
        await _connections.AddAsync(new HostingConnectionRegistration("twin", "github", "ghp_token", WebhookSecret: WorkSecret), "tests", Cancel);
        var body = PushBody();

        var first = await _receiver.ReceiveAsync("github", "work", Headers(body, WorkSecret, "d-1"), body, Cancel);
        var replay = await _receiver.ReceiveAsync("github", "work", Headers(body, WorkSecret, "d-1"), body, Cancel);
        var elsewhere = await _receiver.ReceiveAsync("github", "twin", Headers(body, WorkSecret, "d-1"), body, Cancel);

        first.Outcome.ShouldBe(WebhookOutcome.Accepted);
        replay.Outcome.ShouldBe(WebhookOutcome.Duplicate);
        elsewhere.Outcome.ShouldBe(WebhookOutcome.Duplicate);
        _sink.Events.Count.ShouldBe(1);
    }

    static byte[] PushBody() => WebhookSamples.GitHubPushAt(DateTimeOffset.UtcNow.AddSeconds(-2));

    static Dictionary<string, string> Headers(byte[] body, string secret, string delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958") => new()
    {
        ["X-GitHub-Event"] = "push",
        ["X-GitHub-Delivery"] = delivery,
        ["X-Hub-Signature-256"] = WebhookSamples.GitHubSignature(body, secret),
    };
}
