using Lightning.Core.Mail;
using Lightning.TestUtilities;
using Lightning.Testing.Notifications;
using Lightning.Testing.Tests.History;
using MimeKit;
using Shouldly;

namespace Lightning.Testing.Tests.Notifications;

/// <summary>Email rules through the real SMTP sink of scripts/services/smtp.sh (a Maildir of every message it accepted).</summary>
public sealed class EmailNotificationTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FailedRun_SendsTextAndHtmlMailListingTheFailures()
    {
        var sink = TestServices.Smtp();
        await using var harness = await NotificationHarness.CreateAsync(options => options.Smtp = new SmtpOptions
        {
            Host = sink.Host, Port = sink.Port, From = "Lightning <tests@lightning.example.com>", Security = SmtpSecurity.StartTlsWhenAvailable,
        });
        await harness.Rules.CreateAsync(new NotificationRuleChange
        {
            Name = "mail", Channel = "email", Events = ["failed"], To = ["dev@example.com", "qa@example.com"], Repository = "shop",
        }, "admin", Token);

        var run = await harness.ImportAsync(HistoryHarness.FailingReport);

        var delivery = (await harness.DeliveriesAsync(run.Id)).ShouldHaveSingleItem();
        (delivery.Status, delivery.Attempts, delivery.Error, delivery.Target)
            .ShouldBe((NotificationDeliveryStatus.Delivered, 1, null, "dev@example.com,qa@example.com"));
        var raw = (await sink.MessagesWithAsync(delivery.Id, Token)).ShouldHaveSingleItem();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw));
        var mail = await MimeMessage.LoadAsync(stream, Token);
        mail.Subject.ShouldBe("[Lightning] shop: 1 of 2 tests failed");
        mail.From.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("tests@lightning.example.com");
        mail.Headers["X-RcptTo"].ShouldBe("dev@example.com, qa@example.com");
        mail.Headers["X-Lightning-Event"].ShouldBe("failed");
        mail.TextBody!.ShouldContain("- test_calc::test_add (pytest in .) in test_calc.py: assert 3 == 4");
        mail.TextBody!.ShouldContain($"Run: https://lightning.example.com/api/v2/testing/runs/{run.Id}");
        mail.HtmlBody!.ShouldContain("<code>test_calc::test_add</code>");
        mail.HtmlBody!.ShouldContain("<pre>assert 3 == 4</pre>");
    }

    [Fact]
    public async Task NoSmtpServer_OrNobodyListening_RecordsAFailedDelivery()
    {
        var sink = TestServices.Smtp();
        await using var unconfigured = await NotificationHarness.CreateAsync();
        var rule = await unconfigured.Rules.CreateAsync(new NotificationRuleChange { Name = "mail", Channel = "email", Events = ["failed"], To = ["dev@example.com"] }, "admin", Token);
        var delivery = await unconfigured.Notifier.SendTestAsync(rule.Id, Token);
        (delivery.Status, delivery.Attempts).ShouldBe((NotificationDeliveryStatus.Failed, 0));
        delivery.Error.ShouldBe("No SMTP server is configured: set Lightning:Testing:Notifications:Smtp:Host and :From.");

        // A port nobody listens on: every attempt fails to connect, then the delivery gives up.
        var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        var port = ((System.Net.IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var unreachable = await NotificationHarness.CreateAsync(options => options.Smtp = new SmtpOptions { Host = sink.Host, Port = port, From = "tests@example.com" });
        var other = await unreachable.Rules.CreateAsync(new NotificationRuleChange { Name = "mail", Channel = "email", Events = ["failed"], To = ["dev@example.com"] }, "admin", Token);
        var failed = await unreachable.Notifier.SendTestAsync(other.Id, Token);
        (failed.Status, failed.Attempts).ShouldBe((NotificationDeliveryStatus.Failed, 3));
        failed.Error.ShouldEndWith("Gave up after 3 attempts.");
    }
}
