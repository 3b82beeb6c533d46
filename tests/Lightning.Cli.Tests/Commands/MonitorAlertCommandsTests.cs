using System.Text.Json;
using Lightning.Monitoring.Alerts.Channels;
using Lightning.Monitoring.Alerts.Evaluation;
using Lightning.Monitoring.Alerts.Notifications;
using Lightning.Monitoring.Alerts.Rules;
using Lightning.Monitoring.Model;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary>
/// monitor alerts, ack and backtest against a real server. The rule asks for a field its store does not hold (cpu.usage),
/// so its evaluation raises the rule's error alert: a real alert, made by the server's own loop, to list and acknowledge.
/// </summary>
public sealed class MonitorAlertCommandsTests : IAsyncLifetime
{
    RealServer _server = null!;
    string _operator = null!;
    string _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    static AlertRule Rule => new()
    {
        Name = "HighCpu",
        Query = new AlertQuery { Measurement = "cpu", Field = "usage", GroupBy = ["host"] },
        Condition = new AlertCondition { Operator = ComparisonOperator.GreaterThan, Threshold = 90 },
        Interval = TimeSpan.FromSeconds(1),
    };

    public async ValueTask InitializeAsync()
    {
        _server = await RealServer.StartAsync();
        var keys = _server.App.Services.GetRequiredService<ApiKeyStore>();
        _operator = (await keys.CreateAsync("cli-operator", ApiKeyRole.Operator, "tests", Token)).Key;
        _viewer = (await keys.CreateAsync("cli-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    async Task<AlertView> ErrorAlertAsync()
    {
        await _server.App.Services.GetRequiredService<AlertRuleStore>().CreateAsync(Rule, "tests", Token);
        var alerts = _server.App.Services.GetRequiredService<AlertStore>();
        for (var i = 0; i < 100; i++)
        {
            if ((await alerts.ListAsync(AlertState.Error, null, 10, null, Token)).Alerts is [var alert]) return alert;
            await Task.Delay(100, Token);
        }

        throw new TimeoutException("the server's alert loop raised no error alert within 10 s");
    }

    [Fact]
    public async Task Alerts_ThenAck_ListsTheAlertAndAcknowledgesIt()
    {
        var alert = await ErrorAlertAsync();

        var list = await RunAsync(["monitor", "alerts", "--state", "error"], _viewer);
        var ack = await RunAsync(["monitor", "ack", alert.Id, "--comment", "configuring the store"], _operator);

        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        list.Stdout.ShouldMatch(@"^ID +STATE +RULE +LABELS +VALUE +SINCE +ACK\n");
        list.Stdout.ShouldContain($"{alert.Id}  error  HighCpu");
        ack.ExitCode.ShouldBe(ExitCodes.Ok, ack.ToString());
        ack.Stdout.ShouldBe($"Acknowledged {alert.Id} (HighCpu, error) as cli-operator.\n");
        (await _server.App.Services.GetRequiredService<AlertStore>().GetAsync(alert.Id, Token)).Acknowledgment!.Comment.ShouldBe("configuring the store");
    }

    [Fact]
    public async Task Alerts_SeveralStatesAllAndARule_ListTheRulesAlerts_AndBadStatesAreUsageErrors()
    {
        var alert = await ErrorAlertAsync();

        var history = await RunAsync(["monitor", "alerts", "--state", "all", "--rule", alert.RuleId], _viewer);
        var several = await RunAsync(["monitor", "alerts", "--state", "resolved,error"], _viewer);
        var otherRule = await RunAsync(["monitor", "alerts", "--state", "all", "--rule", "rule_missing"], _viewer);
        var mixed = await RunAsync(["monitor", "alerts", "--state", "all,firing"], _viewer);
        var unknown = await RunAsync(["monitor", "alerts", "--state", "error,burning"], _viewer);

        history.ExitCode.ShouldBe(ExitCodes.Ok, history.ToString());
        history.Stdout.ShouldContain($"{alert.Id}  error  HighCpu");
        several.Stdout.ShouldContain($"{alert.Id}  error  HighCpu");
        otherRule.ExitCode.ShouldBe(ExitCodes.Ok, otherRule.ToString());
        otherRule.Stdout.ShouldBe("No alerts of rule rule_missing.\n");
        mixed.ExitCode.ShouldBe(ExitCodes.Usage, mixed.ToString());
        mixed.Stderr.ShouldContain("'all' stands alone");
        unknown.ExitCode.ShouldBe(ExitCodes.Usage, unknown.ToString());
        unknown.Stderr.ShouldContain("--state 'burning' is not one of: all,");
    }

    [Fact]
    public async Task Ack_AsAViewer_IsRefusedWithTheAuthExitCode()
    {
        var alert = await ErrorAlertAsync();

        var run = await RunAsync(["monitor", "ack", alert.Id, "--comment", "mine"], _viewer);

        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
    }

    [Fact]
    public async Task Ack_UnknownAlertOrNoComment_ExitsWithOneLine()
    {
        var missing = await RunAsync(["monitor", "ack", "alert_missing", "--comment", "x"], _operator);
        var bare = await RunAsync(["monitor", "ack", "alert_missing"], _operator);

        missing.ExitCode.ShouldBe(ExitCodes.NotFound, missing.ToString());
        missing.ErrorLines.ShouldHaveSingleItem().ShouldContain("No alert 'alert_missing'");
        bare.ExitCode.ShouldBe(ExitCodes.Usage, bare.ToString());
        bare.Stderr.ShouldContain("--comment is required");
    }

    [Fact]
    public async Task Alerts_NoneActive_SaysSo()
    {
        var run = await RunAsync(["monitor", "alerts"], _viewer);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("No active alerts.\n");
    }

    [Fact]
    public async Task Backtest_RuleFileOverAMeasurementWithoutData_SaysSo()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("rule.json");
        await File.WriteAllTextAsync(file, """{"name":"HighCpu","query":{"measurement":"no_such_cpu","field":"usage"},"condition":{"operator":">","threshold":90},"for":"2m"}""", Token);

        var run = await RunAsync(["monitor", "backtest", file, "--from", "24h"], _viewer);
        var badFrom = await RunAsync(["monitor", "backtest", file, "--from", "yesterday"], _viewer);

        run.ExitCode.ShouldNotBe(ExitCodes.Ok, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("The measurement 'no_such_cpu' has no data in the metric store");
        badFrom.ExitCode.ShouldBe(ExitCodes.Usage, badFrom.ToString());
    }

    [Fact]
    public async Task Route_NamesTheRoutesItReaches_AndADraftFileIsTriedNotSaved()
    {
        var services = _server.App.Services;
        var ops = await services.GetRequiredService<AlertChannelStore>().CreateAsync(
            new AlertChannelRequest { Name = "ops-hook", Type = ChannelType.Webhook, Url = "http://127.0.0.1:9/hook", Secret = "0123456789abcdef-secret" }, Token);
        await services.GetRequiredService<RoutingStore>().SetAsync(new AlertRoutingConfig
        {
            Root = new AlertRoute
            {
                Channels = [ops.Id],
                Routes = [new AlertRoute { Matchers = [new TagFilter("host", TagOperator.Matches, "db-.*")], GroupBy = ["alertname", "host"], RepeatInterval = TimeSpan.FromHours(1) }],
            },
        }, Token);
        using var temp = new TempDirectory();
        var draft = temp.Combine("draft.json");
        await File.WriteAllTextAsync(draft, """{"root":{"channels":["channel_gone"]}}""", Token);
        var broken = temp.Combine("broken.json");
        await File.WriteAllTextAsync(broken, """{"root":""", Token);

        var db = await RunAsync(["monitor", "route", "--label", "alertname=HighCpu", "--label", "host=db-1"], _viewer);
        var json = await RunAsync(["monitor", "route", "--label", "host=web-1", "--json"], _viewer);
        var refused = await RunAsync(["monitor", "route", "--label", "host=web-1", "--routing", draft], _viewer);
        var notJson = await RunAsync(["monitor", "route", "--label", "host=web-1", "--routing", broken], _viewer);
        var badLabel = await RunAsync(["monitor", "route", "--label", "host"], _viewer);

        db.ExitCode.ShouldBe(ExitCodes.Ok, db.ToString());
        db.Stdout.ShouldContain("root/0");
        db.Stdout.ShouldContain("ops-hook");
        db.Stdout.ShouldContain("alertname=HighCpu,host=db-1");
        db.Stdout.ShouldContain("Delivered (with the stored routing).");
        json.ExitCode.ShouldBe(ExitCodes.Ok, json.ToString());
        using (var document = JsonDocument.Parse(json.Stdout))
            document.RootElement.GetProperty("routes")[0].GetProperty("path").GetString().ShouldBe("root");
        refused.ExitCode.ShouldNotBe(ExitCodes.Ok, refused.ToString());
        refused.ErrorLines.ShouldHaveSingleItem().ShouldContain("channel_gone");
        notJson.ExitCode.ShouldBe(ExitCodes.Usage, notJson.ToString());
        notJson.ErrorLines.ShouldHaveSingleItem().ShouldContain("is not a routing document in JSON");
        badLabel.ExitCode.ShouldBe(ExitCodes.Usage, badLabel.ToString());
        (await services.GetRequiredService<RoutingStore>().GetAsync(Token)).Root.Channels.ShouldBe([ops.Id], "a draft is never saved");
    }

    Task<CliRun> RunAsync(string[] args, string key) => CliRun.ExecuteAsync(args, new Dictionary<string, string?>
    {
        [GlobalOptions.ServerVariable] = _server.Address.ToString(),
        [GlobalOptions.ApiKeyVariable] = key,
    }, Token);
}
