using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>Dead letters through the API, on the server's own (embedded) bus, each made for real: a consumer rejects or keeps failing a message.</summary>
public sealed class DeadLetterEndpointsTests : IAsyncLifetime
{
    const string Route = "/api/v2/collaborate/dead-letters";

    readonly LightningAppFactory _app = new(new Dictionary<string, string?>
    {
        ["Lightning:Collaboration:Bus:MaxDeliveries"] = "3",
        ["Lightning:Collaboration:Bus:BaseRetryDelay"] = "00:00:00.050",
        ["Lightning:Collaboration:Bus:Jitter"] = "0",
    });

    HttpClient _viewer = null!;
    HttpClient _operator = null!;
    HttpClient _admin = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    IMessageBus Bus => _app.Services.GetRequiredService<IMessageBus>();

    public async ValueTask InitializeAsync()
    {
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        _operator = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task List_RejectedAndFailingMessages_NewestFirstWithHistory()
    {
        await RejectAsync("first", "cannot parse it");
        await NackUntilDeadAsync("second");

        var page = await (await _viewer.GetAsync(Route, Token)).ReadAsync<DeadLetterPage>();

        page.Items.Select(i => i.MessageId).ShouldBe(["second", "first"]);
        var second = page.Items[0];
        second.Reason.ShouldContain("delivery limit");
        second.History.Count.ShouldBe(3);
        second.History.Select(h => h.Outcome).ShouldAllBe(o => o == "nack");
        second.History.Select(h => h.Attempt).ShouldBe([0, 1, 2]);
        second.History.ShouldAllBe(h => h.Consumer == "dlq-consumer" && h.Reason == "still broken");
        var first = page.Items[1];
        first.Reason.ShouldContain("cannot parse it");
        first.Receiver.ShouldBe("agent:dlq-consumer");
        first.Performative.ShouldBe(Performative.Request);
        first.IdempotencyKey.ShouldBe("key-first");
        first.Payload.GetProperty("task").GetString().ShouldBe("first");
    }

    [Fact]
    public async Task List_Json_IsTheDocumentedShape()
    {
        await RejectAsync("shaped", "no");

        using var json = JsonDocument.Parse(await _viewer.GetStringAsync(Route + "?limit=1", Token));

        var item = json.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();
        item.EnumerateObject().Select(p => p.Name).ShouldBe(
        [
            "messageId", "conversationId", "protocol", "performative", "sender", "receiver", "priority", "attempt", "idempotencyKey",
            "createdAt", "replyBy", "reason", "deadAt", "payload", "history",
        ]);
        item.GetProperty("performative").GetString().ShouldBe("request");
        item.GetProperty("receiver").GetString().ShouldBe("agent:dlq-consumer");
        item.GetProperty("history")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["attempt", "at", "consumer", "outcome", "reason"]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task List_LimitOutOfRange_Is400(int limit)
    {
        var problem = await (await _viewer.GetAsync($"{Route}?limit={limit}", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        problem.GetProperty("detail").GetString().ShouldBe("Limit must be between 1 and 500.");
    }

    [Fact]
    public async Task Show_KnownAndUnknown_200And404()
    {
        await RejectAsync("shown", "bad payload");

        var letter = await (await _viewer.GetAsync($"{Route}/shown", Token)).ReadAsync<DeadLetterView>();
        letter.MessageId.ShouldBe("shown");
        letter.History.ShouldHaveSingleItem().Outcome.ShouldBe("reject");

        var problem = await (await _viewer.GetAsync($"{Route}/nothing-here", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        problem.GetProperty("detail").GetString().ShouldBe("No dead letter with message id 'nothing-here'.");
    }

    [Fact]
    public async Task Redrive_DeliversItAgainWithItsHistory()
    {
        await RejectAsync("again", "not yet");

        var response = await _operator.PostAsync($"{Route}/again/redrive", null, Token);

        using (var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token)))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            json.RootElement.GetProperty("messageId").GetString().ShouldBe("again");
            json.RootElement.GetProperty("redriven").GetBoolean().ShouldBeTrue();
        }

        await using var consumer = await Bus.SubscribeAsync(new Subscription("dlq-consumer", []), Token);
        var delivery = await ReceiveAsync(consumer);
        delivery.Message.Id.ShouldBe("again");
        delivery.History.ShouldHaveSingleItem().Outcome.ShouldBe("reject");
        await delivery.AckAsync(Token);
        (await _viewer.GetAsync($"{Route}/again", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await (await _operator.PostAsync($"{Route}/again/redrive", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task PurgeOne_ThenAgain_200Then404()
    {
        await RejectAsync("purged", "no");
        await RejectAsync("kept", "no");

        var response = await _operator.DeleteAsync($"{Route}/purged", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Token)).ShouldBe("""{"purged":1}""");
        await (await _operator.DeleteAsync($"{Route}/purged", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        (await (await _viewer.GetAsync(Route, Token)).ReadAsync<DeadLetterPage>()).Items.Select(i => i.MessageId).ShouldBe(["kept"]);
    }

    [Fact]
    public async Task PurgeAll_Admin_DeletesEveryOne()
    {
        await RejectAsync("one", "no");
        await RejectAsync("two", "no");

        var response = await _admin.DeleteAsync(Route, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Token)).ShouldBe("""{"purged":2}""");
        (await (await _viewer.GetAsync(Route, Token)).ReadAsync<DeadLetterPage>()).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task Roles_ViewerReadsOnly_OperatorCannotPurgeAll_NoKeyIs401()
    {
        await RejectAsync("guarded", "no");

        (await _viewer.PostAsync($"{Route}/guarded/redrive", null, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _viewer.DeleteAsync($"{Route}/guarded", Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _operator.DeleteAsync(Route, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = _app.CreateClient();
        (await anonymous.GetAsync(Route, Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await _viewer.GetAsync($"{Route}/guarded", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    async Task RejectAsync(string id, string reason)
    {
        await Bus.PublishAsync(Message(id), Token);
        await using var consumer = await Bus.SubscribeAsync(new Subscription("dlq-consumer", []), Token);
        var delivery = await ReceiveAsync(consumer);
        delivery.Message.Id.ShouldBe(id);
        await delivery.RejectAsync(reason, Token);
        await Task.Delay(5, Token); // distinct dead-at times, for the order
    }

    async Task NackUntilDeadAsync(string id)
    {
        await Bus.PublishAsync(Message(id), Token);
        await using var consumer = await Bus.SubscribeAsync(new Subscription("dlq-consumer", []), Token);
        for (var i = 0; i < 3; i++)
        {
            var delivery = await ReceiveAsync(consumer);
            delivery.Message.Id.ShouldBe(id);
            await delivery.NackAsync("still broken", Token);
        }

        await WaitForDeadLetterAsync(id);
    }

    [Fact]
    public async Task PublishMessage_PastItsReplyBy_IsDeadLetteredAsExpired()
    {
        var response = await _operator.PostAsJsonAsync("/api/v2/collaborate/messages", new
        {
            receiver = "agent:nobody-listens",
            id = "poke-1",
            payload = new { hello = "worker" },
            replyBy = DateTimeOffset.UtcNow.AddMilliseconds(200),
        }, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(Token));
        (await response.ReadAsync<PublishResult>()).ShouldBe(new PublishResult("poke-1", PublishOutcome.Accepted));
        await WaitForDeadLetterAsync("poke-1");
        var letter = await (await _viewer.GetAsync($"{Route}/poke-1", Token)).ReadAsync<DeadLetterView>();
        letter.Reason.ShouldContain("expired");
        letter.Sender.ShouldStartWith("api:");
        letter.Payload.GetProperty("hello").GetString().ShouldBe("worker");

        var again = await _operator.PostAsJsonAsync("/api/v2/collaborate/messages", new { receiver = "agent:nobody-listens", id = "poke-1" }, Token);
        (await again.ReadAsync<PublishResult>()).Outcome.ShouldBe(PublishOutcome.Duplicate);
    }

    [Fact]
    public async Task PublishMessage_BadReceiverOrViewerKey_IsRefused()
    {
        await (await _operator.PostAsJsonAsync("/api/v2/collaborate/messages", new { receiver = "somewhere" }, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        await (await _operator.PostAsJsonAsync("/api/v2/collaborate/messages", new { payload = 1 }, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await _viewer.PostAsJsonAsync("/api/v2/collaborate/messages", new { receiver = "broadcast" }, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    async Task WaitForDeadLetterAsync(string id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (await Bus.GetDeadLetterAsync(id, timeout.Token) is null)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    static async Task<Delivery> ReceiveAsync(IMessageConsumer consumer)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await consumer.ReceiveAsync(timeout.Token);
    }

    static CollaborationMessage Message(string id) => new()
    {
        Id = id,
        ConversationId = "conv-" + id,
        Performative = Performative.Request,
        Sender = "tests",
        Receiver = Address.Agent("dlq-consumer"),
        IdempotencyKey = "key-" + id,
        CreatedAt = DateTimeOffset.UtcNow,
        Payload = JsonSerializer.SerializeToElement(new { task = id }),
    };
}
