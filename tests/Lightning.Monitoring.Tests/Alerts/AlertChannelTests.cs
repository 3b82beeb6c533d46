using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Core.Mail;
using Lightning.Core.Secrets;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Persistence;
using Lightning.TestUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Monitoring.Tests.Alerts;

/// <summary>Deliveries through real transports: a Kestrel receiver for webhooks and Slack, the local SMTP sink for email.</summary>
public sealed class AlertChannelTests
{
    const string Secret = "s3cret-signing-key-0001";
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendTestAsync_Webhook_SignsTheBodyWithTheSecret()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.WebhookChannelAsync(receiver.Url(), secret: Secret);

        var result = await harness.Dispatcher.SendTestAsync(channel.Id, Token);

        result.Delivered.ShouldBeTrue(result.Error);
        var request = receiver.Requests.ShouldHaveSingleItem();
        WebhookSignature.Verify(Secret, request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"], request.Body,
            harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookSignature.Verify("another-secret-000000", request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"], request.Body,
            harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)).ShouldBeFalse();
        request.Json.GetProperty("version").GetString().ShouldBe("1");
        request.Json.GetProperty("reason").GetString().ShouldBe("test");
        request.Headers["Content-Type"].ShouldStartWith("application/json");
    }

    [Fact]
    public async Task SendTestAsync_Slack_PostsSlacksTextAndBlocksPayload()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.Channels.CreateAsync(new AlertChannelRequest { Name = "slack", Type = ChannelType.Slack, Url = receiver.Url("/services/T1/B2/tok").AbsoluteUri }, Token);

        (await harness.Dispatcher.SendTestAsync(channel.Id, Token)).Delivered.ShouldBeTrue();

        var body = receiver.Requests.ShouldHaveSingleItem().Json;
        body.GetProperty("text").GetString().ShouldBe("[TEST] [FIRING:1] LightningTestNotification");
        var blocks = body.GetProperty("blocks");
        blocks[0].GetProperty("type").GetString().ShouldBe("header");
        blocks[1].GetProperty("text").GetProperty("type").GetString().ShouldBe("mrkdwn");
        blocks[1].GetProperty("text").GetProperty("text").GetString()!.ShouldContain("this channel works");
        receiver.Requests.Single().Headers.ContainsKey("X-Lightning-Signature").ShouldBeFalse();
    }

    [Fact]
    public async Task SendTestAsync_ServerErrorThenOk_RetriesAndDelivers()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.WebhookChannelAsync(receiver.Url());
        receiver.AnswerWith(503, 500);

        var result = await harness.Dispatcher.SendTestAsync(channel.Id, Token);

        result.ShouldBe(new DeliveryResult(true, 3, 200, null));
        receiver.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task DispatchAsync_ReceiverRefuses_RecordsTheFailedDeliveryWithoutTheUrlsToken()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.WebhookChannelAsync(receiver.Url());
        await harness.RouteAsync(new AlertRoutingConfig { Root = new AlertRoute { Channels = [channel.Id] } });
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        harness.Cpu("web-1", 99);
        await harness.EvaluateAsync(rule);
        receiver.AnswerWith(400);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        await harness.Dispatcher.DispatchAsync(Token);

        receiver.Requests.Count.ShouldBe(1, "a 4xx is final");
        var failed = (await harness.EventsAsync(AlertEventTypes.NotificationFailed)).ShouldHaveSingleItem();
        failed.Channel.ShouldBe(channel.Id);
        failed.Message!.ShouldContain("answered 400");
        failed.Message!.ShouldNotContain("XXXXSECRETTOKEN");
        harness.Logs.Lines.ShouldNotContain(line => line.Contains("XXXXSECRETTOKEN", StringComparison.Ordinal) || line.Contains(Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateAsync_Secrets_AreStoredProtectedAndNeverShown()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();

        var channel = await harness.WebhookChannelAsync(receiver.Url(), secret: Secret);

        var shown = JsonSerializer.Serialize(await harness.Channels.ListAsync(Token));
        shown.ShouldNotContain("XXXXSECRETTOKEN");
        shown.ShouldNotContain(Secret);
        channel.UrlHost.ShouldBe("127.0.0.1");
        channel.HasSecret.ShouldBeTrue();
        await using var db = await harness.Services.GetRequiredService<IDbContextFactory<MonitoringDbContext>>().CreateDbContextAsync(Token);
        var row = await db.AlertChannels.SingleAsync(Token);
        row.ProtectedUrl!.ShouldNotContain("XXXXSECRETTOKEN");
        row.ProtectedSecret!.ShouldNotContain(Secret);
        row.Settings.ShouldNotContain("XXXXSECRETTOKEN");
    }

    [Fact]
    public async Task CreateAsync_BadChannels_SaysWhatIsMissing()
    {
        await using var harness = await AlertHarness.CreateAsync();

        var webhook = await Should.ThrowAsync<ValidationFailedException>(() =>
            harness.Channels.CreateAsync(new AlertChannelRequest { Name = "hook", Type = ChannelType.Webhook, Url = "ftp://x", Secret = "short" }, Token));
        var email = await Should.ThrowAsync<ValidationFailedException>(() =>
            harness.Channels.CreateAsync(new AlertChannelRequest { Name = "mail", Type = ChannelType.Email, To = ["not-an-address"] }, Token));

        webhook.Errors.Keys.ShouldBe(["url", "secret"], ignoreOrder: true);
        email.Errors.Keys.ShouldBe(["to", "smtpHost", "from"], ignoreOrder: true);
    }

    [Fact]
    public async Task UpdateAsync_WithoutSecrets_KeepsTheStoredOnes()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.WebhookChannelAsync(receiver.Url(), secret: Secret);

        var renamed = await harness.Channels.UpdateAsync(channel.Id, new AlertChannelRequest { Name = "renamed" }, Token);
        (await harness.Dispatcher.SendTestAsync(channel.Id, Token)).Delivered.ShouldBeTrue();

        renamed.Name.ShouldBe("renamed");
        var request = receiver.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/hook/T000/B000/XXXXSECRETTOKEN");
        WebhookSignature.Verify(Secret, request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"], request.Body,
            harness.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)).ShouldBeTrue();
    }

    [Fact]
    public async Task SendTestAsync_Email_ReachesTheSmtpSink()
    {
        var smtp = TestServices.Smtp();
        await using var harness = await AlertHarness.CreateAsync();
        var channel = await harness.Channels.CreateAsync(new AlertChannelRequest
        {
            Name = "oncall-mail", Type = ChannelType.Email, To = ["oncall@example.com"], SmtpHost = smtp.Host, SmtpPort = smtp.Port,
            From = "Lightning <alerts@example.com>", Security = SmtpSecurity.None,
        }, Token);

        var result = await harness.Dispatcher.SendTestAsync(channel.Id, Token);

        result.Delivered.ShouldBeTrue(result.Error);
        var delivery = harness.Logs.Lines.Single(l => l.Contains(" 6410 ", StringComparison.Ordinal)).Split(' ')[3];
        var message = (await smtp.MessagesWithAsync(delivery, Token)).ShouldHaveSingleItem();
        message.ShouldContain("Subject: [TEST] [FIRING:1] LightningTestNotification");
        message.ShouldContain("oncall@example.com");
        message.ShouldContain("this channel works");
    }

    [Fact]
    public async Task SendTestAsync_EmailServerDown_FailsAfterItsAttempts()
    {
        await using var harness = await AlertHarness.CreateAsync();
        var channel = await harness.Channels.CreateAsync(new AlertChannelRequest
        {
            Name = "mail", Type = ChannelType.Email, To = ["oncall@example.com"], SmtpHost = "127.0.0.1", SmtpPort = 1,
            From = "alerts@example.com", Security = SmtpSecurity.None, User = "bot", Password = "hunter2-password",
        }, Token);

        var result = await harness.Dispatcher.SendTestAsync(channel.Id, Token);

        result.Delivered.ShouldBeFalse();
        result.Attempts.ShouldBe(3);
        result.Error!.ShouldContain("Gave up after 3 attempts");
        channel.HasPassword.ShouldBeTrue();
        harness.Logs.Lines.ShouldNotContain(line => line.Contains("hunter2-password", StringComparison.Ordinal));
    }
}
