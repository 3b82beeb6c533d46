using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.History;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;
using Lightning.Monitoring.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Monitoring.Tests.Alerts;

/// <summary>Routing, grouping, silences, inhibitions and resolutions, delivered to a real webhook receiver.</summary>
public sealed class AlertDispatcherTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static async Task<(AlertHarness Harness, WebhookReceiver Receiver, string Channel)> SetUpAsync(Func<string, AlertRoutingConfig>? routing = null)
    {
        var harness = await AlertHarness.CreateAsync();
        var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.WebhookChannelAsync(receiver.Url());
        await harness.RouteAsync(routing?.Invoke(channel.Id) ?? new AlertRoutingConfig { Root = new AlertRoute { Channels = [channel.Id] } });
        return (harness, receiver, channel.Id);
    }

    async static Task FireAsync(AlertHarness harness, AlertRule rule, params (string Host, double Value)[] samples)
    {
        foreach (var (host, value) in samples) harness.Cpu(host, value);
        await harness.EvaluateAsync(rule);
    }

    [Fact]
    public async Task DispatchAsync_TwoHostsFire_OneGroupedNotificationAfterGroupWait()
    {
        var (harness, receiver, _) = await SetUpAsync();
        await using var _h = harness;
        await using var _r = receiver;
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        await FireAsync(harness, rule, ("web-1", 95), ("web-2", 97));

        await harness.Dispatcher.DispatchAsync(Token);
        receiver.Requests.ShouldBeEmpty("the group waits 5 s for more alerts");
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await harness.Dispatcher.DispatchAsync(Token);

        var request = receiver.Requests.ShouldHaveSingleItem();
        var body = request.Json;
        body.GetProperty("status").GetString().ShouldBe("firing");
        body.GetProperty("groupLabels").GetProperty("alertname").GetString().ShouldBe("HighCpu");
        body.GetProperty("alerts").GetArrayLength().ShouldBe(2);
        body.GetProperty("commonLabels").GetProperty("severity").GetString().ShouldBe("critical");
        (await harness.EventsAsync(AlertEventTypes.Notified)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task DispatchAsync_Unchanged_RepeatsOnlyAfterRepeatInterval()
    {
        var (harness, receiver, _) = await SetUpAsync(channel => new AlertRoutingConfig
        {
            Root = new AlertRoute { Channels = [channel], GroupWait = TimeSpan.FromSeconds(1), RepeatInterval = TimeSpan.FromMinutes(10) },
        });
        await using var _h = harness;
        await using var _r = receiver;
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        await FireAsync(harness, rule, ("web-1", 95));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.Dispatcher.DispatchAsync(Token);

        harness.Clock.Advance(TimeSpan.FromMinutes(9));
        await harness.Dispatcher.DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(1);
        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await harness.Dispatcher.DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task DispatchAsync_AlertResolves_AnnouncesTheResolutionOnce()
    {
        var (harness, receiver, _) = await SetUpAsync(channel => new AlertRoutingConfig
        {
            Root = new AlertRoute { Channels = [channel], GroupWait = TimeSpan.FromSeconds(1), GroupInterval = TimeSpan.FromSeconds(30) },
        });
        await using var _h = harness;
        await using var _r = receiver;
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        await FireAsync(harness, rule, ("web-1", 95));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.Dispatcher.DispatchAsync(Token);

        harness.Clock.Advance(TimeSpan.FromSeconds(10));
        await FireAsync(harness, rule, ("web-1", 10));
        await harness.Dispatcher.DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(1, "a change waits for group_interval");
        harness.Clock.Advance(TimeSpan.FromSeconds(20));
        await harness.Dispatcher.DispatchAsync(Token);
        harness.Clock.Advance(TimeSpan.FromHours(5));
        await harness.Dispatcher.DispatchAsync(Token);

        receiver.Requests.Count.ShouldBe(2);
        var resolved = receiver.Requests.Last().Json;
        resolved.GetProperty("status").GetString().ShouldBe("resolved");
        resolved.GetProperty("alerts")[0].GetProperty("endsAt").GetDateTimeOffset().ShouldBe(AlertHarness.Start.AddSeconds(11));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DispatchAsync_AfterARestart_NeitherRepeatsEarlyNorForgetsTheResolution(bool postgres)
    {
        var harness = await AlertHarness.CreateAsync(postgres);
        await using var _h = harness;
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await harness.WebhookChannelAsync(receiver.Url());
        await harness.RouteAsync(new AlertRoutingConfig
        {
            Root = new AlertRoute { Channels = [channel.Id], GroupWait = TimeSpan.FromSeconds(1), GroupInterval = TimeSpan.FromSeconds(30), RepeatInterval = TimeSpan.FromHours(4) },
        });
        // A dispatcher made afresh over the same database is what a server restart leaves.
        AlertDispatcher Restarted() => ActivatorUtilities.CreateInstance<AlertDispatcher>(harness.Services);
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        await FireAsync(harness, rule, ("web-1", 95));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await harness.Dispatcher.DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(1);

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await Restarted().DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(1, "the group sent a minute ago and repeats every 4 h");

        await FireAsync(harness, rule, ("web-1", 10));
        var afterResolution = Restarted();
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await afterResolution.DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(2, "the resolution of an alert announced before the restart is told");
        receiver.Requests.Last().Json.GetProperty("status").GetString().ShouldBe("resolved");

        harness.Clock.Advance(TimeSpan.FromHours(5));
        await Restarted().DispatchAsync(Token);
        receiver.Requests.Count.ShouldBe(2);
        await using var db = await harness.Services.GetRequiredService<IDbContextFactory<MonitoringDbContext>>().CreateDbContextAsync(Token);
        (await db.NotificationGroups.CountAsync(Token)).ShouldBe(0, "a group with nothing left to tell is deleted");
    }

    [Fact]
    public async Task DispatchAsync_ChildRoutesWithContinue_DeliverToEachMatchingRoute()
    {
        await using var harness = await AlertHarness.CreateAsync();
        await using var database = await WebhookReceiver.StartAsync();
        await using var pager = await WebhookReceiver.StartAsync();
        await using var fallback = await WebhookReceiver.StartAsync();
        var dbChannel = await harness.WebhookChannelAsync(database.Url(), "db-team");
        var pagerChannel = await harness.WebhookChannelAsync(pager.Url(), "pager");
        var fallbackChannel = await harness.WebhookChannelAsync(fallback.Url(), "fallback");
        await harness.RouteAsync(new AlertRoutingConfig
        {
            Root = new AlertRoute
            {
                Channels = [fallbackChannel.Id],
                GroupWait = TimeSpan.FromSeconds(1),
                Routes =
                [
                    new AlertRoute { Name = "db", Matchers = [new TagFilter("host", TagOperator.Matches, "db-.*")], Channels = [dbChannel.Id], Continue = true },
                    new AlertRoute { Name = "critical", Matchers = [AlertHarness.Is("severity", "critical")], Channels = [pagerChannel.Id] },
                ],
            },
        });
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero) with { Labels = new Dictionary<string, string>() });
        await FireAsync(harness, rule, ("db-1", 95), ("web-1", 95));
        harness.Clock.Advance(TimeSpan.FromSeconds(1));

        await harness.Dispatcher.DispatchAsync(Token);

        database.Requests.ShouldHaveSingleItem().Json.GetProperty("alerts")[0].GetProperty("labels").GetProperty("host").GetString().ShouldBe("db-1");
        pager.Requests.ShouldBeEmpty("no alert is critical: the rule has no severity label");
        fallback.Requests.ShouldHaveSingleItem().Json.GetProperty("alerts")[0].GetProperty("labels").GetProperty("host").GetString().ShouldBe("web-1");
    }

    [Fact]
    public async Task DispatchAsync_ActiveSilence_MutesAndRecordsItOnce()
    {
        var (harness, receiver, _) = await SetUpAsync();
        await using var _h = harness;
        await using var _r = receiver;
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        await harness.Silences.CreateAsync(new SilenceRequest([AlertHarness.Is("host", "web-1")], null, AlertHarness.Start.AddHours(1), "patching web-1"), "alice", Token);
        await FireAsync(harness, rule, ("web-1", 95), ("web-2", 95));

        for (var i = 0; i < 3; i++)
        {
            harness.Clock.Advance(TimeSpan.FromSeconds(5));
            await harness.Dispatcher.DispatchAsync(Token);
        }

        var alerts = receiver.Requests.ShouldHaveSingleItem().Json.GetProperty("alerts");
        alerts.GetArrayLength().ShouldBe(1);
        alerts[0].GetProperty("labels").GetProperty("host").GetString().ShouldBe("web-2");
        var silenced = (await harness.EventsAsync(AlertEventTypes.Silenced)).ShouldHaveSingleItem();
        silenced.Message!.ShouldContain("alice: patching web-1");

        // A restarted server (a dispatcher made afresh over the same database) does not record the muting again.
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await ActivatorUtilities.CreateInstance<AlertDispatcher>(harness.Services).DispatchAsync(Token);
        (await harness.EventsAsync(AlertEventTypes.Silenced)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task DispatchAsync_ExpiredSilence_NoLongerMutes()
    {
        var (harness, receiver, _) = await SetUpAsync();
        await using var _h = harness;
        await using var _r = receiver;
        var rule = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        var silence = await harness.Silences.CreateAsync(new SilenceRequest([AlertHarness.Is("alertname", "HighCpu")], null, AlertHarness.Start.AddHours(1), "deploy"), "bob", Token);
        await FireAsync(harness, rule, ("web-1", 95));
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await harness.Dispatcher.DispatchAsync(Token);
        receiver.Requests.ShouldBeEmpty();

        (await harness.Silences.ExpireAsync(silence.Id, Token)).EndsAt.ShouldBe(harness.Clock.GetUtcNow());
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        await harness.Dispatcher.DispatchAsync(Token);

        receiver.Requests.ShouldHaveSingleItem();
        (await harness.Silences.ListAsync(includeExpired: false, Token)).ShouldBeEmpty();
        (await harness.Silences.ListAsync(includeExpired: true, Token)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task DispatchAsync_InhibitionRule_FiringCriticalMutesTheWarningOnTheSameHost()
    {
        var (harness, receiver, _) = await SetUpAsync(channel => new AlertRoutingConfig
        {
            Root = new AlertRoute { Channels = [channel], GroupBy = ["alertname", "host"] },
            Inhibitions = [new InhibitRule { SourceMatchers = [AlertHarness.Is("severity", "critical")], TargetMatchers = [AlertHarness.Is("severity", "warning")], Equal = ["host"] }],
        });
        await using var _h = harness;
        await using var _r = receiver;
        var critical = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero));
        var warning = await harness.CreateRuleAsync(AlertHarness.CpuRule(TimeSpan.Zero, "CpuWarning") with
        {
            Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 70, Window = TimeSpan.FromMinutes(1) },
            Labels = new Dictionary<string, string> { ["severity"] = "warning" },
        });
        harness.Cpu("web-1", 95);
        harness.Cpu("web-2", 80);
        await harness.EvaluateAsync(critical);
        await harness.EvaluateAsync(warning);
        harness.Clock.Advance(TimeSpan.FromSeconds(5));

        await harness.Dispatcher.DispatchAsync(Token);

        var sent = receiver.Requests.Select(r => r.Json.GetProperty("groupLabels")).Select(g => (g.GetProperty("alertname").GetString(), g.GetProperty("host").GetString())).ToList();
        sent.ShouldBe([("HighCpu", "web-1"), ("CpuWarning", "web-2")], ignoreOrder: true);
        (await harness.EventsAsync(AlertEventTypes.Inhibited)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RoutingStore_SetAsync_RefusesUnknownChannelsAndPolicies()
    {
        await using var harness = await AlertHarness.CreateAsync();

        var error = await Should.ThrowAsync<Lightning.Core.Errors.ValidationFailedException>(() => harness.RouteAsync(new AlertRoutingConfig
        {
            Root = new AlertRoute { Channels = ["channel_missing"], Escalation = "nope", Routes = [new AlertRoute { GroupWait = TimeSpan.Zero }] },
            Inhibitions = [new InhibitRule()],
        }));

        error.Errors.Keys.ShouldBe(["root.channels", "root.escalation", "root.routes[0].groupWait", "inhibitions[0]"], ignoreOrder: true);
    }
}
