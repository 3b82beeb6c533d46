using Lightning.Core.Errors;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;

namespace Lightning.Monitoring.Tests.Alerts;

public sealed class AlertEscalationTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static async Task<(AlertHarness, WebhookReceiver Team, WebhookReceiver Manager, AlertView Alert)> FiringWithPolicyAsync()
    {
        var harness = await AlertHarness.CreateAsync();
        var team = await WebhookReceiver.StartAsync();
        var manager = await WebhookReceiver.StartAsync();
        var teamChannel = await harness.WebhookChannelAsync(team.Url(), "team");
        var managerChannel = await harness.WebhookChannelAsync(manager.Url(), "manager");
        await harness.RouteAsync(new AlertRoutingConfig
        {
            Root = new AlertRoute { Channels = [teamChannel.Id], Escalation = "oncall", RepeatInterval = TimeSpan.FromDays(1) },
            Escalations =
            [
                new EscalationPolicy
                {
                    Name = "oncall",
                    Steps = [new EscalationStep { After = TimeSpan.FromMinutes(10) }, new EscalationStep { After = TimeSpan.FromMinutes(30), Channels = [managerChannel.Id] }],
                },
            ],
        });
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        harness.Cpu("web-1", 99);
        await harness.EvaluateAsync(rule);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await harness.Dispatcher.DispatchAsync(Token);
        return (harness, team, manager, (await harness.AlertsAsync()).Single());
    }

    [Fact]
    public async Task DispatchAsync_Unacknowledged_RenotifiesThenNotifiesTheNextChannel()
    {
        var (harness, team, manager, alert) = await FiringWithPolicyAsync();
        await using var _h = harness;
        await using var _t = team;
        await using var _m = manager;
        team.Requests.Count.ShouldBe(1);

        harness.Clock.Advance(TimeSpan.FromMinutes(10));
        await harness.Dispatcher.DispatchAsync(Token);
        team.Requests.Count.ShouldBe(2);
        team.Requests.Last().Json.GetProperty("reason").GetString().ShouldBe("escalation");
        manager.Requests.ShouldBeEmpty();

        harness.Clock.Advance(TimeSpan.FromMinutes(20));
        await harness.Dispatcher.DispatchAsync(Token);
        manager.Requests.ShouldHaveSingleItem().Json.GetProperty("alerts")[0].GetProperty("id").GetString().ShouldBe(alert.Id);

        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.Dispatcher.DispatchAsync(Token);
        manager.Requests.Count.ShouldBe(1, "the policy has two steps");
        (await harness.EventsAsync(AlertEventTypes.Escalated, alert.Id)).Count.ShouldBe(2);
        (await harness.Alerts.GetAsync(alert.Id, Token)).EscalationStep.ShouldBe(2);
    }

    [Fact]
    public async Task AcknowledgeAsync_WithAComment_StopsTheEscalationAndIsRecorded()
    {
        var (harness, team, manager, alert) = await FiringWithPolicyAsync();
        await using var _h = harness;
        await using var _t = team;
        await using var _m = manager;

        var acked = await harness.Alerts.AcknowledgeAsync(alert.Id, "alice", "Looking into the runaway job", Token);
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await harness.Dispatcher.DispatchAsync(Token);

        acked.Acknowledgment.ShouldBe(new AlertAcknowledgment("alice", AlertHarness.Start.AddSeconds(5), "Looking into the runaway job"));
        acked.State.ShouldBe(AlertState.Firing);
        team.Requests.Count.ShouldBe(1);
        manager.Requests.ShouldBeEmpty();
        var ack = (await harness.EventsAsync(AlertEventTypes.Acknowledged)).ShouldHaveSingleItem();
        (ack.By, ack.Message).ShouldBe(("alice", "Looking into the runaway job"));
    }

    [Fact]
    public async Task AcknowledgeAsync_WithoutAComment_IsRefused()
    {
        var (harness, team, manager, alert) = await FiringWithPolicyAsync();
        await using var _h = harness;
        await using var _t = team;
        await using var _m = manager;

        var error = await Should.ThrowAsync<ValidationFailedException>(() => harness.Alerts.AcknowledgeAsync(alert.Id, "alice", " ", Token));

        error.Errors.Keys.ShouldBe(["comment"]);
        await Should.ThrowAsync<LightningException>(() => harness.Alerts.AcknowledgeAsync("alert_missing", "alice", "x", Token));
    }
}
