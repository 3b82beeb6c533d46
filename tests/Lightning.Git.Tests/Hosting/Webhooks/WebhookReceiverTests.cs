using System.Text;
using Lightning.Git.Hosting.Webhooks;
using Lightning.TestUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Lightning.Git.Tests.Hosting.Webhooks;

public sealed class WebhookReceiverTests : IDisposable
{
    const string GitHubSecret = "It's a Secret to Everybody";
    const string GitLabSecret = "gitlab-hook-token-0123";

    readonly TempDirectory _data = new();
    readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    readonly List<WebhookDeliveryStore> _stores = [];
    readonly RecordingEventSink _sink = new();

    static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    string StorePath => _data.Combine("git", "webhook-deliveries.db");

    WebhookReceiver NewReceiver(WebhookOptions? options = null, params IGitEventSink[] sinks)
    {
        var store = new WebhookDeliveryStore(StorePath);
        _stores.Add(store);
        var monitor = new StaticOptionsMonitor(options ?? new WebhookOptions { GitHubSecret = GitHubSecret, GitLabSecret = GitLabSecret });
        return new WebhookReceiver(store, new OptionsWebhookSecretSource(monitor), sinks.Length == 0 ? [_sink] : sinks, monitor, _time);
    }

    byte[] GitHubPushBody(DateTimeOffset? pushedAt = null) => WebhookSamples.GitHubPushAt(pushedAt ?? _time.GetUtcNow().AddSeconds(-2));

    static string Sign(byte[] body, string secret = GitHubSecret) => WebhookSamples.GitHubSignature(body, secret);

    static Dictionary<string, string> GitHubHeaders(byte[] body, string delivery = "72d3162e-cc78-11e3-81ab-4c9367dc0958", string? signature = null) => new()
    {
        ["X-GitHub-Event"] = "push",
        ["X-GitHub-Delivery"] = delivery,
        ["X-Hub-Signature-256"] = signature ?? Sign(body),
        ["User-Agent"] = "GitHub-Hookshot/044aadd",
        ["Content-Type"] = "application/json",
    };

    static Dictionary<string, string> GitLabHeaders(string token = GitLabSecret, string eventName = "Push Hook", string uuid = "2b6d5b2f-7a3b-4b3f-9f7e-1f1f5e3c9a10") => new()
    {
        ["x-gitlab-event"] = eventName,
        ["x-gitlab-token"] = token,
        ["x-gitlab-event-uuid"] = uuid,
        ["x-gitlab-instance"] = "https://gitlab.example.com",
    };

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        _data.Dispose();
    }

    [Fact]
    public async Task ReceiveAsync_GitHubPushSignedWithTheSecret_IsAcceptedAndParsed()
    {
        var body = GitHubPushBody();

        var receipt = await NewReceiver().ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);

        receipt.Outcome.ShouldBe(WebhookOutcome.Accepted);
        receipt.StatusCode.ShouldBe(200);
        var gitEvent = _sink.Events.ShouldHaveSingleItem();
        gitEvent.ShouldBeSameAs(receipt.Event);
        gitEvent.Provider.ShouldBe("github");
        gitEvent.DeliveryId.ShouldBe("72d3162e-cc78-11e3-81ab-4c9367dc0958");
        gitEvent.EventName.ShouldBe("push");
        gitEvent.Repository.ShouldBe("Codertocat/Hello-World");
        gitEvent.Ref.ShouldBe("refs/heads/main");
        gitEvent.Branch.ShouldBe("main");
        gitEvent.Tag.ShouldBeNull();
        gitEvent.Before.ShouldBe("6113728f27ae82c7b1a177c8d03f9e96e0adf246");
        gitEvent.After.ShouldBe("0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c");
        gitEvent.Sender.ShouldBe("Codertocat");
        gitEvent.OccurredAt!.Value.ShouldBe(_time.GetUtcNow().AddSeconds(-2), TimeSpan.FromSeconds(1));
        gitEvent.Payload.GetProperty("commits").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task ReceiveAsync_GitHubSignatureInUpperCaseHex_IsAccepted()
    {
        var body = GitHubPushBody();

        var receipt = await NewReceiver().ReceiveAsync("GitHub", GitHubHeaders(body, signature: "sha256=" + Sign(body)[7..].ToUpperInvariant()), body, Cancellation);

        receipt.Outcome.ShouldBe(WebhookOutcome.Accepted);
    }

    [Theory]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha256=abc")]
    [InlineData("sha256=not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex-not-hex")]
    [InlineData("sha1=7d38cdd689735b008b3c702edd92eea23791c5f6")]
    public async Task ReceiveAsync_GitHubBadSignature_IsRejected401AndNotHandled(string signature)
    {
        var body = GitHubPushBody();

        var receipt = await NewReceiver().ReceiveAsync("github", GitHubHeaders(body, signature: signature), body, Cancellation);

        receipt.Outcome.ShouldBe(WebhookOutcome.Rejected);
        receipt.StatusCode.ShouldBe(401);
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_GitHubSignedWithAnotherSecret_IsRejected()
    {
        var body = GitHubPushBody();

        var receipt = await NewReceiver().ReceiveAsync("github", GitHubHeaders(body, signature: Sign(body, "another secret")), body, Cancellation);

        receipt.StatusCode.ShouldBe(401);
        receipt.Reason.ShouldContain("does not match");
    }

    [Fact]
    public async Task ReceiveAsync_GitHubBodyTamperedAfterSigning_IsRejected()
    {
        var body = GitHubPushBody();
        var headers = GitHubHeaders(body);
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("refs/heads/main", "refs/heads/prod", StringComparison.Ordinal));

        var receipt = await NewReceiver().ReceiveAsync("github", headers, tampered, Cancellation);

        receipt.StatusCode.ShouldBe(401);
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_GitHubUnsigned_IsRejected()
    {
        var body = GitHubPushBody();
        var headers = GitHubHeaders(body);
        headers.Remove("X-Hub-Signature-256");

        var receipt = await NewReceiver().ReceiveAsync("github", headers, body, Cancellation);

        receipt.StatusCode.ShouldBe(401);
        receipt.Reason.ShouldContain("unsigned");
    }

    [Fact]
    public async Task ReceiveAsync_GitLabPushWithTheToken_IsAcceptedAndParsed()
    {
        var receipt = await NewReceiver().ReceiveAsync("gitlab", GitLabHeaders(), Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush), Cancellation);

        receipt.Outcome.ShouldBe(WebhookOutcome.Accepted);
        var gitEvent = _sink.Events.ShouldHaveSingleItem();
        gitEvent.Provider.ShouldBe("gitlab");
        gitEvent.EventName.ShouldBe("Push Hook");
        gitEvent.DeliveryId.ShouldBe("2b6d5b2f-7a3b-4b3f-9f7e-1f1f5e3c9a10");
        gitEvent.Repository.ShouldBe("mike/diaspora");
        gitEvent.Branch.ShouldBe("master");
        gitEvent.Before.ShouldBe("95790bf891e76fee5e1747ab589903a6a1f80f22");
        gitEvent.After.ShouldBe("da1560886d4f094c3e6c9ef40349f7d38b5d27d7");
        gitEvent.Sender.ShouldBe("jsmith");
        gitEvent.OccurredAt.ShouldBeNull();
    }

    [Fact]
    public async Task ReceiveAsync_GitLabTagPush_SetsTheTagNotABranch()
    {
        var receipt = await NewReceiver().ReceiveAsync("gitlab", GitLabHeaders(eventName: "Tag Push Hook"), Encoding.UTF8.GetBytes(WebhookSamples.GitLabTagPush), Cancellation);

        receipt.Event!.Tag.ShouldBe("v1.0.0");
        receipt.Event.Branch.ShouldBeNull();
    }

    [Fact]
    public async Task ReceiveAsync_GitLabIdempotencyKey_IsTheDeliveryId()
    {
        var headers = GitLabHeaders();
        headers["Idempotency-Key"] = "908a6d9e-45fd-46c8-97e6-c4f350f219dd";

        var receipt = await NewReceiver().ReceiveAsync("gitlab", headers, Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush), Cancellation);

        receipt.Event!.DeliveryId.ShouldBe("908a6d9e-45fd-46c8-97e6-c4f350f219dd");
    }

    [Theory]
    [InlineData("gitlab-hook-token-0124")]
    [InlineData("gitlab-hook-token-012")]
    [InlineData("gitlab-hook-token-01234")]
    [InlineData("")]
    public async Task ReceiveAsync_GitLabWrongOrMissingToken_IsRejected401(string token)
    {
        var receipt = await NewReceiver().ReceiveAsync("gitlab", GitLabHeaders(token: token), Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush), Cancellation);

        receipt.Outcome.ShouldBe(WebhookOutcome.Rejected);
        receipt.StatusCode.ShouldBe(401);
        receipt.Reason.ShouldNotContain(GitLabSecret);
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_NoSecretConfigured_RejectsEvenAMatchingDelivery()
    {
        var receiver = NewReceiver(new WebhookOptions());
        var body = GitHubPushBody();

        var github = await receiver.ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);
        var gitlab = await receiver.ReceiveAsync("gitlab", GitLabHeaders(token: string.Empty), Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush), Cancellation);

        github.StatusCode.ShouldBe(401);
        gitlab.StatusCode.ShouldBe(401);
        github.Reason.ShouldContain("No github webhook secret");
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_SameDeliveryTwice_HandlesItOnceAndAnswers200ToTheReplay()
    {
        var receiver = NewReceiver();
        var body = GitHubPushBody();

        var first = await receiver.ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);
        var replay = await receiver.ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);

        first.Outcome.ShouldBe(WebhookOutcome.Accepted);
        replay.Outcome.ShouldBe(WebhookOutcome.Duplicate);
        replay.StatusCode.ShouldBe(200);
        _sink.Events.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReceiveAsync_ReplayAfterARestart_IsStillRecognised()
    {
        var body = Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush);
        (await NewReceiver().ReceiveAsync("gitlab", GitLabHeaders(), body, Cancellation)).Outcome.ShouldBe(WebhookOutcome.Accepted);
        _stores[0].Dispose();

        var replay = await NewReceiver().ReceiveAsync("gitlab", GitLabHeaders(), body, Cancellation);

        replay.Outcome.ShouldBe(WebhookOutcome.Duplicate);
        _sink.Events.Count.ShouldBe(1);
    }

    [Fact]
    public async Task ReceiveAsync_SameIdFromTheOtherProvider_IsNotAReplay()
    {
        var receiver = NewReceiver();
        var body = GitHubPushBody();

        await receiver.ReceiveAsync("github", GitHubHeaders(body, delivery: "same-id"), body, Cancellation);
        var gitlab = await receiver.ReceiveAsync("gitlab", GitLabHeaders(uuid: "same-id"), Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush), Cancellation);

        gitlab.Outcome.ShouldBe(WebhookOutcome.Accepted);
    }

    [Fact]
    public async Task ReceiveAsync_SinkFails_Answers500AndARedeliveryIsHandledAgain()
    {
        var failing = new RecordingEventSink { FailuresLeft = 1 };
        var receiver = NewReceiver(sinks: failing);
        var body = GitHubPushBody();

        var failed = await receiver.ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);
        var redelivered = await receiver.ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);

        failed.Outcome.ShouldBe(WebhookOutcome.Failed);
        failed.StatusCode.ShouldBe(500);
        redelivered.Outcome.ShouldBe(WebhookOutcome.Accepted);
        failing.Events.Count.ShouldBe(2);
    }

    [Fact]
    public async Task ReceiveAsync_GitHubPushOlderThanTheWindow_IsRejectedAsStale()
    {
        var body = GitHubPushBody(_time.GetUtcNow().AddHours(-73));

        var receipt = await NewReceiver().ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);

        receipt.StatusCode.ShouldBe(400);
        receipt.Reason.ShouldContain("stale");
        _sink.Events.ShouldBeEmpty();
    }

    [Fact]
    public async Task ReceiveAsync_GitHubPushJustInsideTheWindow_IsAccepted()
    {
        var body = GitHubPushBody(_time.GetUtcNow().AddHours(-71));

        (await NewReceiver().ReceiveAsync("github", GitHubHeaders(body), body, Cancellation)).Outcome.ShouldBe(WebhookOutcome.Accepted);
    }

    [Theory]
    [InlineData("2013-12-03T17:23:34Z", 400)]
    [InlineData("2013-12-03 17:23:34 UTC", 400)]
    [InlineData("2026-03-01 11:59:00 UTC", 200)]
    [InlineData("2026-03-01T12:30:00Z", 400)]
    public async Task ReceiveAsync_GitLabMergeRequestEventTime_DecidesStaleness(string updatedAt, int expected)
    {
        var body = Encoding.UTF8.GetBytes(WebhookSamples.GitLabMergeRequest.Replace("{updated_at}", updatedAt, StringComparison.Ordinal));

        var receipt = await NewReceiver().ReceiveAsync("gitlab", GitLabHeaders(eventName: "Merge Request Hook"), body, Cancellation);

        receipt.StatusCode.ShouldBe(expected);
        if (expected == 200)
        {
            receipt.Event!.Action.ShouldBe("open");
            receipt.Event.Sender.ShouldBe("root");
            receipt.Event.Repository.ShouldBe("gitlabhq/gitlab-test");
        }
    }

    [Fact]
    public async Task ReceiveAsync_SignedButMalformedBody_IsRejected400()
    {
        var body = Encoding.UTF8.GetBytes("{\"ref\": ");

        var receipt = await NewReceiver().ReceiveAsync("github", GitHubHeaders(body), body, Cancellation);

        receipt.StatusCode.ShouldBe(400);
        receipt.Outcome.ShouldBe(WebhookOutcome.Rejected);
    }

    [Theory]
    [InlineData("X-GitHub-Event")]
    [InlineData("X-GitHub-Delivery")]
    public async Task ReceiveAsync_MissingEventOrDeliveryHeader_IsRejected400(string header)
    {
        var body = GitHubPushBody();
        var headers = GitHubHeaders(body);
        headers.Remove(header);

        (await NewReceiver().ReceiveAsync("github", headers, body, Cancellation)).StatusCode.ShouldBe(400);
    }

    [Fact]
    public async Task ReceiveAsync_UnknownProvider_Is404()
    {
        (await NewReceiver().ReceiveAsync("bitbucket", new Dictionary<string, string>(), "{}"u8.ToArray(), Cancellation)).StatusCode.ShouldBe(404);
    }

    [Fact]
    public async Task ReceiveAsync_OldIdsArePrunedAfterTheRetentionWindow()
    {
        var receiver = NewReceiver();
        var gitlab = Encoding.UTF8.GetBytes(WebhookSamples.GitLabPush);
        await receiver.ReceiveAsync("gitlab", GitLabHeaders(uuid: "old"), gitlab, Cancellation);
        _time.Advance(new WebhookOptions().Retention + TimeSpan.FromMinutes(1));

        await receiver.ReceiveAsync("gitlab", GitLabHeaders(uuid: "new"), gitlab, Cancellation);

        (await _stores[0].HasSeenAsync("gitlab", "old", Cancellation)).ShouldBeFalse();
        (await _stores[0].HasSeenAsync("gitlab", "new", Cancellation)).ShouldBeTrue();
    }

    sealed class StaticOptionsMonitor(WebhookOptions options) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => options;

        public WebhookOptions Get(string? name) => options;

        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
