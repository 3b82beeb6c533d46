using System.Text;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Testing.History;
using Lightning.Testing.Notifications;
using Lightning.Testing.Tests.History;
using Lightning.TestUtilities;
using Shouldly;
using Lightning.Core.Secrets;

namespace Lightning.Testing.Tests.Notifications;

/// <summary>Rules told of recorded runs, delivered to a real HTTP listener on loopback: signature, payload, retries, redirects.</summary>
public sealed class TestRunNotifierTests : IAsyncLifetime
{
    const string Secret = "s3cret-webhook-key-0123456789";

    const string FlakyReport = """
        <testsuite name="surefire" tests="2">
          <testcase classname="CalcTest" name="adds" time="0.1"><flakyFailure message="timing" type="AssertionError"/></testcase>
          <testcase classname="CalcTest" name="subtracts" time="0.1"/>
        </testsuite>
        """;

    readonly RecordedHttpServer _hooks = new();
    NotificationHarness _harness = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _harness = await NotificationHarness.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        await _harness.DisposeAsync();
        _hooks.Dispose();
    }

    [Fact]
    public async Task FailedRun_PostsSignedJsonWithFailuresAndLink_AndRecordsTheDelivery()
    {
        _hooks.On("POST", "/hooks/tests", 204, string.Empty);
        var rule = await WebhookRuleAsync("team", ["failed"]);

        var run = await _harness.ImportAsync(HistoryHarness.FailingReport);

        var request = _hooks.Requests.ShouldHaveSingleItem();
        var now = _harness.History.Clock.GetUtcNow();
        WebhookSignature.Verify(Secret, request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"],
            Encoding.UTF8.GetBytes(request.Body), now, TimeSpan.FromMinutes(5)).ShouldBeTrue();
        WebhookSignature.Verify("another-secret-of-enough-length", request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"],
            Encoding.UTF8.GetBytes(request.Body), now, TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify(Secret, request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"],
            Encoding.UTF8.GetBytes(request.Body + " "), now, TimeSpan.FromMinutes(5)).ShouldBeFalse();
        WebhookSignature.Verify(Secret, request.Headers["X-Lightning-Timestamp"], request.Headers["X-Lightning-Signature"],
            Encoding.UTF8.GetBytes(request.Body), now.AddMinutes(10), TimeSpan.FromMinutes(5)).ShouldBeFalse("an old signature is a replay");
        request.Headers["X-Lightning-Timestamp"].ShouldBe(now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers["X-Lightning-Event"].ShouldBe("failed");
        request.Headers["Content-Type"].ShouldStartWith("application/json");

        using var payload = JsonDocument.Parse(request.Body);
        var root = payload.RootElement;
        root.GetProperty("event").GetString().ShouldBe("failed");
        root.GetProperty("rule").GetProperty("name").GetString().ShouldBe("team");
        root.GetProperty("run").GetProperty("id").GetString().ShouldBe(run.Id);
        root.GetProperty("run").GetProperty("status").GetString().ShouldBe("failed");
        root.GetProperty("run").GetProperty("totals").GetProperty("failed").GetInt32().ShouldBe(1);
        root.GetProperty("link").GetString().ShouldBe($"https://lightning.example.com/api/v2/testing/runs/{run.Id}");
        var failure = root.GetProperty("failures").EnumerateArray().ShouldHaveSingleItem();
        failure.GetProperty("id").GetString().ShouldBe("test_calc::test_add");
        failure.GetProperty("message").GetString().ShouldBe("assert 3 == 4");
        request.Body.ShouldNotContain(Secret);

        var delivery = (await _harness.DeliveriesAsync(run.Id)).ShouldHaveSingleItem();
        (delivery.RuleId, delivery.Status, delivery.Attempts, delivery.ResponseStatus, delivery.Channel, delivery.Target)
            .ShouldBe((rule.Id, NotificationDeliveryStatus.Delivered, 1, 204, NotificationChannel.Webhook, "127.0.0.1"));
        delivery.Events.ShouldBe([NotificationEvent.Failed]);
        request.Headers["X-Lightning-Delivery"].ShouldBe(delivery.Id);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_UntilDelivered()
    {
        _hooks.On("POST", "/hooks/tests", 503, "busy").On("POST", "/hooks/tests", 502, "bad gateway").On("POST", "/hooks/tests", 200, "{}");
        await WebhookRuleAsync("team", ["failed"]);

        var run = await _harness.ImportAsync(HistoryHarness.FailingReport);

        _hooks.Requests.Count.ShouldBe(3);
        _hooks.Requests.Select(r => r.Headers["X-Lightning-Delivery"]).Distinct().ShouldHaveSingleItem("one delivery, three attempts");
        _hooks.Requests.ShouldAllBe(r => WebhookSignature.Verify(Secret, r.Headers["X-Lightning-Timestamp"], r.Headers["X-Lightning-Signature"],
            Encoding.UTF8.GetBytes(r.Body), _harness.History.Clock.GetUtcNow(), TimeSpan.FromMinutes(5)));
        var delivery = (await _harness.DeliveriesAsync(run.Id)).ShouldHaveSingleItem();
        (delivery.Status, delivery.Attempts, delivery.ResponseStatus, delivery.Error).ShouldBe((NotificationDeliveryStatus.Delivered, 3, 200, null));
    }

    [Fact]
    public async Task ServerErrorsEveryTime_GiveUpAfterMaxAttempts_AndClientErrorsAreNotRetried()
    {
        _hooks.On("POST", "/hooks/down", 500, "down").On("POST", "/hooks/gone", 410, "gone");
        await WebhookRuleAsync("down", ["failed"], "/hooks/down");
        await WebhookRuleAsync("gone", ["failed"], "/hooks/gone");

        var run = await _harness.ImportAsync(HistoryHarness.FailingReport);

        var deliveries = (await _harness.DeliveriesAsync(run.Id)).OrderBy(d => d.RuleName, StringComparer.Ordinal).ToList();
        (deliveries[0].Status, deliveries[0].Attempts, deliveries[0].ResponseStatus).ShouldBe((NotificationDeliveryStatus.Failed, 3, 500));
        deliveries[0].Error.ShouldBe("127.0.0.1 answered 500 InternalServerError. Gave up after 3 attempts.");
        (deliveries[1].Status, deliveries[1].Attempts, deliveries[1].ResponseStatus).ShouldBe((NotificationDeliveryStatus.Failed, 1, 410));
        _hooks.Requests.Count(r => r.PathAndQuery == "/hooks/down").ShouldBe(3);
        _hooks.Requests.Count(r => r.PathAndQuery == "/hooks/gone").ShouldBe(1);
    }

    [Fact]
    public async Task RedirectToAnotherHost_IsRefused_ButOneOnTheSameHostIsFollowed()
    {
        using var elsewhere = new RecordedHttpServer();
        elsewhere.On("POST", "/steal", 200, "{}");
        _hooks.On("POST", "/hooks/away", 307, string.Empty, new Dictionary<string, string> { ["Location"] = new Uri(elsewhere.BaseAddress, "/steal").ToString() })
              .On("POST", "/hooks/moved", 308, string.Empty, new Dictionary<string, string> { ["Location"] = "/hooks/here" })
              .On("POST", "/hooks/here", 200, "{}");
        await WebhookRuleAsync("away", ["failed"], "/hooks/away");
        await WebhookRuleAsync("moved", ["failed"], "/hooks/moved");

        var run = await _harness.ImportAsync(HistoryHarness.FailingReport);

        elsewhere.Requests.ShouldBeEmpty();
        var deliveries = (await _harness.DeliveriesAsync(run.Id)).OrderBy(d => d.RuleName, StringComparer.Ordinal).ToList();
        (deliveries[0].Status, deliveries[0].Attempts).ShouldBe((NotificationDeliveryStatus.Failed, 1));
        deliveries[0].Error.ShouldBe($"127.0.0.1 redirected to http://127.0.0.1:{elsewhere.Port}, another host: the notification was not sent there.");
        (deliveries[1].Status, deliveries[1].ResponseStatus).ShouldBe((NotificationDeliveryStatus.Delivered, 200));
        _hooks.Requests.Select(r => r.PathAndQuery).Order(StringComparer.Ordinal).ShouldBe(["/hooks/away", "/hooks/here", "/hooks/moved"]);
    }

    [Fact]
    public async Task Events_FailedRecoveredAndFlaky_ReachOnlyTheRulesThatWantThem()
    {
        _hooks.On("POST", "/hooks/*", 200, "{}");
        await WebhookRuleAsync("all", ["failed", "errored", "timed-out", "recovered", "flaky-found"], "/hooks/all");
        await WebhookRuleAsync("recoveries", ["recovered"], "/hooks/recoveries");
        await WebhookRuleAsync("timeouts", ["timed-out"], "/hooks/timeouts");
        await WebhookRuleAsync("other repository", ["failed"], "/hooks/other", repository: "services/*");
        await _harness.Rules.CreateAsync(new NotificationRuleChange
        {
            Name = "disabled", Channel = "webhook", Events = ["failed"], Url = new Uri(_hooks.BaseAddress, "/hooks/disabled").ToString(), Secret = Secret, Enabled = false,
        }, "admin", Token);

        var passedFirst = await _harness.ImportAsync(HistoryHarness.PassingReport);
        var failed = await _harness.ImportAsync(HistoryHarness.FailingReport);
        var recovered = await _harness.ImportAsync(HistoryHarness.PassingReport);
        var passedAgain = await _harness.ImportAsync(HistoryHarness.PassingReport);
        var flaky = await _harness.ImportAsync(FlakyReport);
        var elsewhere = await _harness.ImportAsync(HistoryHarness.FailingReport, repository: "services/api");

        (await _harness.DeliveriesAsync(passedFirst.Id)).ShouldBeEmpty("a first pass recovers from nothing");
        (await _harness.DeliveriesAsync(failed.Id)).Select(d => d.RuleName).ShouldBe(["all"]);
        (await _harness.DeliveriesAsync(recovered.Id)).Select(d => d.RuleName).Order(StringComparer.Ordinal).ShouldBe(["all", "recoveries"]);
        (await _harness.DeliveriesAsync(passedAgain.Id)).ShouldBeEmpty();
        var flakyDelivery = (await _harness.DeliveriesAsync(flaky.Id)).ShouldHaveSingleItem();
        flakyDelivery.Events.ShouldBe([NotificationEvent.FlakyFound]);
        (await _harness.DeliveriesAsync(elsewhere.Id)).Select(d => d.RuleName).Order(StringComparer.Ordinal).ShouldBe(["all", "other repository"]);

        var flakyRequest = _hooks.Requests.Single(r => r.Headers["X-Lightning-Delivery"] == flakyDelivery.Id);
        using var payload = JsonDocument.Parse(flakyRequest.Body);
        payload.RootElement.GetProperty("event").GetString().ShouldBe("flaky-found");
        payload.RootElement.GetProperty("flaky").EnumerateArray().Select(e => e.GetString()).ShouldBe(["CalcTest::adds"]);
        _hooks.Requests.ShouldNotContain(r => r.PathAndQuery == "/hooks/disabled" || r.PathAndQuery == "/hooks/timeouts");
    }

    [Fact]
    public async Task SendTest_DeliversASampleToTheRule()
    {
        _hooks.On("POST", "/hooks/tests", 200, "{}");
        var rule = await WebhookRuleAsync("team", ["failed"]);

        var delivery = await _harness.Notifier.SendTestAsync(rule.Id, Token);

        (delivery.Status, delivery.RunId).ShouldBe((NotificationDeliveryStatus.Delivered, null));
        delivery.Events.ShouldBe([NotificationEvent.Test]);
        var request = _hooks.Requests.ShouldHaveSingleItem();
        request.Headers["X-Lightning-Event"].ShouldBe("test");
        request.Body.ShouldContain("tests/test_sample.py::test_notification");
        await Should.ThrowAsync<LightningException>(() => _harness.Notifier.SendTestAsync("nrule_missing", Token));
    }

    [Fact]
    public async Task ResumePending_SendsAgainWhatAStoppedProcessLeft_AndClosesWhatCannotBeSent()
    {
        _hooks.On("POST", "/hooks/tests", 200, "{}");
        var run = await _harness.ImportAsync(HistoryHarness.FailingReport);
        var rule = await WebhookRuleAsync("team", ["failed"]);
        var left = await AddPendingAsync(rule.Id, run.Id);
        var orphan = await AddPendingAsync("nrule_deleted", run.Id);

        (await _harness.Notifier.ResumePendingAsync(Token)).ShouldBe(2);
        await _harness.Notifier.DrainAsync();

        var deliveries = (await _harness.DeliveriesAsync(run.Id)).ToDictionary(d => d.Id);
        (deliveries[left].Status, deliveries[left].Attempts).ShouldBe((NotificationDeliveryStatus.Delivered, 1));
        deliveries[orphan].Status.ShouldBe(NotificationDeliveryStatus.Failed);
        deliveries[orphan].Error.ShouldBe("The process stopped before this notification was sent, and it was not sent again: its rule was deleted.");
        var request = _hooks.Requests.ShouldHaveSingleItem();
        request.Headers["X-Lightning-Delivery"].ShouldBe(left);
        request.Body.ShouldContain("assert 3 == 4");
        (await _harness.Notifier.ResumePendingAsync(Token)).ShouldBe(0);
    }

    async Task<string> AddPendingAsync(string ruleId, string runId)
    {
        var services = _harness.History.Services;
        await using var context = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Lightning.Testing.Persistence.TestingDbContext>>(services).CreateDbContextAsync(Token);
        var id = Lightning.Core.Ids.LightningId.New("ndel");
        context.NotificationDeliveries.Add(new NotificationDeliveryEntity
        {
            Id = id, RuleId = ruleId, RuleName = "left", RunId = runId, Events = "failed", Channel = NotificationChannel.Webhook, Target = "127.0.0.1",
            Status = NotificationDeliveryStatus.Pending, CreatedAt = _harness.History.Clock.GetUtcNow(),
        });
        await context.SaveChangesAsync(Token);
        return id;
    }

    [Fact]
    public async Task Secret_IsStoredEncrypted_NeverShown_NorLogged()
    {
        _hooks.On("POST", "/hooks/tests", 500, "down");
        var rule = await WebhookRuleAsync("team", ["failed"]);

        await _harness.ImportAsync(HistoryHarness.FailingReport);

        rule.HasSecret.ShouldBeTrue();
        JsonSerializer.Serialize(rule, Lightning.Core.Serialization.LightningJson.Options).ShouldNotContain(Secret);
        var row = await _harness.RowAsync(rule.Id);
        row.ProtectedSecret.ShouldNotBeNull();
        row.ProtectedSecret.ShouldNotContain(Secret);
        _harness.Logs.Lines.ShouldContain(line => line.Contains("5701", StringComparison.Ordinal), "the failure was logged");
        _harness.Logs.Lines.ShouldNotContain(line => line.Contains(Secret, StringComparison.Ordinal));

        var changed = await _harness.Rules.UpdateAsync(rule.Id, new NotificationRuleChange { Secret = "a-brand-new-secret-value" }, Token);
        changed.HasSecret.ShouldBeTrue();
        (await _harness.RowAsync(rule.Id)).ProtectedSecret.ShouldNotBe(row.ProtectedSecret);
    }

    [Fact]
    public async Task Rules_BadInput_NamesEveryField()
    {
        var empty = await Should.ThrowAsync<ValidationFailedException>(() => _harness.Rules.CreateAsync(new NotificationRuleChange(), "admin", Token));
        empty.Errors.Keys.ShouldBe(["name", "channel", "events"], ignoreOrder: true);

        var bad = await Should.ThrowAsync<ValidationFailedException>(() => _harness.Rules.CreateAsync(new NotificationRuleChange
        {
            Name = "x", Channel = "webhook", Events = ["failed", "exploded"], Url = "ftp://example.com/hook", Secret = "short",
        }, "admin", Token));
        bad.Errors.Keys.ShouldBe(["events", "url", "secret"], ignoreOrder: true);
        bad.Errors["events"].ShouldBe(["Unknown event 'exploded': use failed, errored, timed-out, recovered, flaky-found."]);

        var email = await Should.ThrowAsync<ValidationFailedException>(() => _harness.Rules.CreateAsync(new NotificationRuleChange
        {
            Name = "mail", Channel = "email", Events = ["failed"], To = ["not an address"], Url = "https://example.com/",
        }, "admin", Token));
        email.Errors.Keys.ShouldBe(["to", "url"], ignoreOrder: true);

        await WebhookRuleAsync("team", ["failed"]);
        var taken = await Should.ThrowAsync<LightningException>(() => WebhookRuleAsync("team", ["failed"]));
        (taken.Kind, taken.Code).ShouldBe((ErrorKind.Conflict, "testing.notification_rule_exists"));
        var missing = await Should.ThrowAsync<LightningException>(() => _harness.Rules.DeleteAsync("nrule_missing", Token));
        (missing.Kind, missing.Code).ShouldBe((ErrorKind.NotFound, "testing.notification_rule_not_found"));
        (await _harness.Rules.ListAsync(Token)).Count.ShouldBe(1, "nothing invalid was stored");
    }

    [Fact]
    public async Task Rules_UpdateChangesOnlyTheFieldsGiven_AndMovingToEmailDropsTheWebhook()
    {
        var rule = await WebhookRuleAsync("team", ["failed"]);

        var renamed = await _harness.Rules.UpdateAsync(rule.Id, new NotificationRuleChange { Name = "team-a", Events = ["failed", "recovered"] }, Token);
        (renamed.Name, renamed.Url, renamed.HasSecret).ShouldBe(("team-a", rule.Url, true));
        renamed.Events.ShouldBe([NotificationEvent.Failed, NotificationEvent.Recovered]);

        await Should.ThrowAsync<ValidationFailedException>(() => _harness.Rules.UpdateAsync(rule.Id, new NotificationRuleChange { Channel = "email" }, Token));
        var mail = await _harness.Rules.UpdateAsync(rule.Id, new NotificationRuleChange { Channel = "email", To = ["dev@example.com"] }, Token);
        (mail.Channel, mail.Url, mail.HasSecret).ShouldBe((NotificationChannel.Email, null, false));
        mail.To.ShouldBe(["dev@example.com"]);

        await _harness.Rules.DeleteAsync(rule.Id, Token);
        (await _harness.Rules.ListAsync(Token)).ShouldBeEmpty();
    }

    Task<NotificationRule> WebhookRuleAsync(string name, IReadOnlyList<string> events, string path = "/hooks/tests", string? repository = null) =>
        _harness.Rules.CreateAsync(new NotificationRuleChange
        {
            Name = name, Channel = "webhook", Events = events, Url = new Uri(_hooks.BaseAddress, path).ToString(), Secret = Secret, Repository = repository,
        }, "admin", Token);
}
