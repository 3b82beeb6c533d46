using System.Net;
using System.Net.Http.Json;
using System.Text;
using Lightning.Core.Serialization;
using Lightning.Server.Auth;
using Lightning.Testing.Notifications;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary><c>/api/v2/testing/notifications</c> on the real server, delivering to a real HTTP listener on loopback.</summary>
public sealed class TestingNotificationEndpointsTests : IAsyncLifetime
{
    const string Secret = "endpoint-secret-0123456789abcdef";
    const string Rules = "/api/v2/testing/notifications/rules";

    const string FailingReport = """
        <testsuites><testsuite name="ci" tests="2">
          <testcase classname="test_calc" name="test_add" time="0.010"/>
          <testcase classname="test_calc" name="test_sub" time="0.250"><failure message="assert 2 == 1">trace</failure></testcase>
        </testsuite></testsuites>
        """;

    readonly RecordedHttpServer _hooks = new();
    LightningAppFactory _app = null!;
    HttpClient _admin = null!;
    HttpClient _operator = null!;
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new LightningAppFactory(new Dictionary<string, string?>
        {
            ["Lightning:Testing:Notifications:RetryDelayMilliseconds"] = "10",
            ["Lightning:Testing:Notifications:MaxAttempts"] = "2",
        });
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        _operator = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _hooks.Dispose();
    }

    [Fact]
    public async Task Rules_Crud_ThenAFailedImportIsDeliveredAndListed()
    {
        _hooks.On("POST", "/hook", 200, "{}");
        var created = await _admin.PostJsonAsync(Rules, new { name = "team", channel = "webhook", events = new[] { "failed", "recovered" }, repository = "shop", url = Hook, secret = Secret });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var createdText = await created.Content.ReadAsStringAsync(Token);
        createdText.ShouldNotContain(Secret);
        var rule = System.Text.Json.JsonSerializer.Deserialize<NotificationRule>(createdText, LightningJson.Options)!;
        created.Headers.Location!.ToString().ShouldBe($"{Rules}/{rule.Id}");
        (rule.Name, rule.Channel, rule.HasSecret, rule.Repository).ShouldBe(("team", NotificationChannel.Webhook, true, "shop"));
        createdText.ShouldContain("\"events\":[\"failed\",\"recovered\"]");

        var patched = await (await _admin.PatchAsJsonAsync($"{Rules}/{rule.Id}", new { events = new[] { "failed" }, enabled = true }, LightningJson.Options, Token)).ReadAsync<NotificationRule>();
        patched.Events.ShouldBe([NotificationEvent.Failed]);
        var listText = await (await _admin.GetAsync(Rules, Token)).Content.ReadAsStringAsync(Token);
        listText.ShouldContain(rule.Id);
        listText.ShouldNotContain(Secret);

        using var report = new StringContent(FailingReport, Encoding.UTF8, "application/xml");
        var run = await (await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=results.xml", report, Token)).ReadAsync<Lightning.Testing.History.TestRunView>();
        var notifier = (TestRunNotifier)_app.Services.GetService(typeof(TestRunNotifier))!;
        await notifier.DrainAsync();

        var page = await (await _viewer.GetAsync($"/api/v2/testing/notifications/deliveries?run={run.Id}", Token)).ReadAsync<NotificationDeliveryPage>();
        var delivery = page.Items.ShouldHaveSingleItem();
        (delivery.RuleId, delivery.Status, delivery.Attempts).ShouldBe((rule.Id, NotificationDeliveryStatus.Delivered, 1));
        _hooks.Requests.ShouldHaveSingleItem().Body.ShouldContain("assert 2 == 1");

        var sample = await (await _admin.PostAsync($"{Rules}/{rule.Id}/test", null, Token)).ReadAsync<NotificationDelivery>();
        (sample.Status, sample.RunId).ShouldBe((NotificationDeliveryStatus.Delivered, null));
        (await (await _viewer.GetAsync($"/api/v2/testing/notifications/deliveries?rule={rule.Id}&status=delivered&limit=1", Token))
            .ReadAsync<NotificationDeliveryPage>()).Next.ShouldNotBeNull();

        (await _admin.DeleteAsync($"{Rules}/{rule.Id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await (await _admin.GetAsync($"{Rules}/{rule.Id}", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("testing.notification_rule_not_found");
        (await (await _viewer.GetAsync("/api/v2/testing/notifications/deliveries", Token)).ReadAsync<NotificationDeliveryPage>()).Items.Count
            .ShouldBe(2, "deliveries outlive their rule");
    }

    [Fact]
    public async Task Rules_BadInputAndRoles_AreProblemDetails()
    {
        var invalid = await (await _admin.PostJsonAsync(Rules, new { name = "x", channel = "pager", events = new[] { "exploded" } })).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").GetProperty("channel")[0].GetString().ShouldBe("Unknown channel 'pager': use webhook or email.");
        invalid.GetProperty("errors").GetProperty("events")[0].GetString()!.ShouldStartWith("Unknown event 'exploded'");

        var noSecret = await (await _admin.PostJsonAsync(Rules, new { name = "x", channel = "webhook", events = new[] { "failed" }, url = Hook }))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        noSecret.GetProperty("errors").GetProperty("secret").GetArrayLength().ShouldBe(1);

        using var malformed = new StringContent("{\"name\": ", Encoding.UTF8, "application/json");
        await (await _admin.PostAsync(Rules, malformed, Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        await _admin.PostJsonAsync(Rules, new { name = "team", channel = "webhook", events = new[] { "failed" }, url = Hook, secret = Secret });
        (await (await _admin.PostJsonAsync(Rules, new { name = "team", channel = "webhook", events = new[] { "failed" }, url = Hook, secret = Secret }))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("testing.notification_rule_exists");
        (await (await _admin.PatchAsJsonAsync($"{Rules}/nrule_missing", new { enabled = false }, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound))
            .GetProperty("code").GetString().ShouldBe("testing.notification_rule_not_found");
        await (await _viewer.GetAsync("/api/v2/testing/notifications/deliveries?status=lost", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        (await _operator.GetAsync(Rules, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _viewer.PostJsonAsync(Rules, new { name = "v" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _operator.DeleteAsync($"{Rules}/nrule_x", Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await _viewer.GetAsync("/api/v2/testing/notifications/deliveries", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    string Hook => new Uri(_hooks.BaseAddress, "/hook").ToString();
}
