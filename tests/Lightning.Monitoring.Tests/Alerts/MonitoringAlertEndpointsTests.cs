using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Lightning.Monitoring.Storage;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Lightning.TestUtilities.Monitoring;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Monitoring.Tests.Alerts;

/// <summary>The API on the real server (in memory), reading an in-memory metric store, with the alert loop running in real time.</summary>
public sealed class MonitoringAlertEndpointsTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;
    const string Base = "/api/v2/monitoring/alerts";

    static Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Server(LightningAppFactory factory, InMemoryMetricStore store) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<IMetricStore>(store)));

    static StringContent Json(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    [Fact]
    public async Task Breach_WithDefaults_IsDeliveredToTheWebhookWithinFifteenSeconds()
    {
        var store = new InMemoryMetricStore();
        await using var factory = new LightningAppFactory();
        await using var receiver = await WebhookReceiver.StartAsync();
        var server = Server(factory, store);
        var client = server.CreateClient();
        // The key from this host's services: starting the factory's own host too would run a second alert loop without the store.
        var key = await server.Services.GetRequiredService<ApiKeyStore>().CreateAsync("test-operator", ApiKeyRole.Operator, "tests", Token);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.Key);
        var channel = await (await client.PostAsync($"{Base}/channels", Json($$"""{"name":"ops","type":"webhook","url":"{{receiver.Url()}}","secret":"0123456789abcdef-secret"}"""), Token))
            .Content.ReadFromJsonAsync<JsonElement>(Token);
        (await client.PutAsync($"{Base}/routing", Json($$$"""{"root":{"channels":["{{{channel.GetProperty("id").GetString()}}}"]}}"""), Token)).EnsureSuccessStatusCode();
        (await client.PostAsync($"{Base}/rules", Json("""{"name":"HighCpu","query":{"measurement":"cpu","field":"usage","groupBy":["host"]},"condition":{"operator":">","threshold":90}}"""), Token))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        var breach = DateTimeOffset.UtcNow;
        store.Add("cpu", new Dictionary<string, string> { ["host"] = "web-1" }, "usage", breach, 99);
        while (receiver.Requests.IsEmpty && DateTimeOffset.UtcNow - breach < TimeSpan.FromSeconds(15)) await Task.Delay(100, Token);

        var request = receiver.Requests.ShouldHaveSingleItem("breach to notification within 15 s with the default interval, for and group_wait");
        request.Json.GetProperty("alerts")[0].GetProperty("labels").GetProperty("host").GetString().ShouldBe("web-1");
        var active = await client.GetFromJsonAsync<JsonElement>($"{Base}?state=firing", Token);
        active.GetProperty("alerts").GetArrayLength().ShouldBe(1);
        var history = await client.GetFromJsonAsync<JsonElement>($"{Base}/history?type=notified", Token);
        history.GetProperty("events").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Rules_CrudEnableAndBacktest_AsAnOperator()
    {
        var store = new InMemoryMetricStore();
        var t0 = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 30; i++) store.Add("cpu", new Dictionary<string, string> { ["host"] = "a" }, "usage", t0.AddMinutes(i), i is >= 10 and < 20 ? 95 : 10);
        await using var factory = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Monitoring:Alerts:Enabled"] = "false" });
        var server = Server(factory, store);
        var client = server.CreateClient();
        // The key from this host's services: starting the factory's own host too would run a second alert loop without the store.
        var key = await server.Services.GetRequiredService<ApiKeyStore>().CreateAsync("test-operator", ApiKeyRole.Operator, "tests", Token);
        client.DefaultRequestHeaders.Authorization = new("Bearer", key.Key);

        var created = await (await client.PostAsync($"{Base}/rules",
            Json("""{"name":"Cpu","query":{"measurement":"cpu","field":"usage"},"condition":{"operator":">","threshold":90,"window":"2m"},"for":"1m","interval":"1m"}"""), Token))
            .Content.ReadFromJsonAsync<JsonElement>(Token);
        var id = created.GetProperty("id").GetString();
        var disabled = await (await client.PostAsync($"{Base}/rules/{id}/disable", null, Token)).Content.ReadFromJsonAsync<JsonElement>(Token);
        var backtest = await (await client.PostAsync($"{Base}/rules/{id}/backtest", Json("""{"from":"2026-11-20T00:02:00Z","to":"2026-11-20T00:30:00Z"}"""), Token))
            .Content.ReadFromJsonAsync<JsonElement>(Token);
        var deleted = await client.DeleteAsync($"{Base}/rules/{id}", Token);

        created.GetProperty("for").GetString().ShouldBe("1m");
        disabled.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        var alert = backtest.GetProperty("alerts")[0];
        alert.GetProperty("firedAt").GetDateTimeOffset().ShouldBe(t0.AddMinutes(12));
        alert.GetProperty("resolvedAt").GetDateTimeOffset().ShouldBe(t0.AddMinutes(21));
        deleted.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await client.GetAsync($"{Base}/rules/{id}", Token)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writes_AsAViewerOrWithBadInput_AreRefusedWithProblemDetails()
    {
        await using var factory = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Monitoring:Alerts:Enabled"] = "false" });
        var viewer = await factory.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var op = await factory.CreateClientAsync(ApiKeyRole.Operator, Token);
        const string rule = """{"name":"x","query":{"measurement":"cpu"},"condition":{"operator":">","threshold":1}}""";

        (await viewer.PostAsync($"{Base}/rules", Json(rule), Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.GetAsync($"{Base}/rules", Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var bad = await op.PostAsync($"{Base}/rules", Json("""{"name":"x","query":{"measurement":"cpu"},"condition":{"type":"threshold"},"interval":"5 minutes"}"""), Token);
        var invalid = await op.PostAsync($"{Base}/rules", Json("""{"name":"x","query":{"measurement":""},"condition":{"type":"threshold"}}"""), Token);
        var silence = await op.PostAsync($"{Base}/silences", Json("""{"matchers":[],"comment":""}"""), Token);
        var state = await viewer.GetAsync($"{Base}?state=burning", Token);
        var allAndMore = await viewer.GetAsync($"{Base}?state=all,firing", Token);
        var several = await viewer.GetAsync($"{Base}?state=firing,resolved", Token);
        var all = await viewer.GetAsync($"{Base}?state=all", Token);

        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await invalid.Content.ReadFromJsonAsync<JsonElement>(Token);
        problem.GetProperty("errors").GetProperty("condition.operator")[0].GetString()!.ShouldContain(">=");
        invalid.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        silence.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await silence.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ShouldBe(["matchers", "endsAt", "comment"], ignoreOrder: true);
        state.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        allAndMore.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await allAndMore.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("errors").GetProperty("state")[0].GetString()!.ShouldContain("stands alone");
        several.StatusCode.ShouldBe(HttpStatusCode.OK);
        all.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RoutingTest_NamesTheRoutesGroupingAndSilences_ForTheStoredDocumentOrADraft()
    {
        await using var factory = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Monitoring:Alerts:Enabled"] = "false" });
        var viewer = await factory.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var op = await factory.CreateClientAsync(ApiKeyRole.Operator, Token);
        async Task<string> ChannelAsync(string name) => (await (await op.PostAsync($"{Base}/channels",
            Json($$"""{"name":"{{name}}","type":"webhook","url":"http://127.0.0.1:9/{{name}}","secret":"0123456789abcdef-secret"}"""), Token))
            .Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("id").GetString()!;
        var ops = await ChannelAsync("ops");
        var dba = await ChannelAsync("dba");
        (await op.PutAsync($"{Base}/routing", Json($$$"""
            {"root":{"channels":["{{{ops}}}"],"routes":[
              {"matchers":[{"key":"host","operator":"matches","value":"db-.*"}],"channels":["{{{dba}}}"],"groupBy":["alertname","host"],"continue":true},
              {"matchers":[{"key":"severity","operator":"equal","value":"critical"}],"repeatInterval":"1h"}]}}
            """), Token)).EnsureSuccessStatusCode();
        async Task<(HttpStatusCode Status, JsonElement Body)> TestAsync(string body)
        {
            var response = await viewer.PostAsync($"{Base}/routing/test", Json(body), Token);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Token));
        }

        var (status, both) = await TestAsync("""{"labels":{"alertname":"HighCpu","host":"db-1","severity":"critical"}}""");
        var (_, plain) = await TestAsync("""{"labels":{"alertname":"HighCpu","host":"web-1"}}""");
        var (_, draft) = await TestAsync($$$$"""{"labels":{"host":"web-1"},"routing":{"root":{"channels":["{{{{dba}}}}"],"groupWait":"30s"}}}""");
        var (badDraft, badDraftBody) = await TestAsync("""{"labels":{"host":"web-1"},"routing":{"root":{"channels":["no-such-channel"]}}}""");
        var (noLabels, noLabelsBody) = await TestAsync("""{}""");
        (await op.PostAsync($"{Base}/silences", Json($$"""
            {"matchers":[{"key":"host","operator":"equal","value":"db-1"}],"endsAt":"{{DateTimeOffset.UtcNow.AddHours(1):O}}","comment":"disk swap"}
            """), Token)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var (_, silenced) = await TestAsync("""{"labels":{"alertname":"HighCpu","host":"db-1"}}""");

        status.ShouldBe(HttpStatusCode.OK);
        both.GetProperty("source").GetString().ShouldBe("stored");
        var routes = both.GetProperty("routes").EnumerateArray().ToList();
        routes.Select(r => r.GetProperty("path").GetString()).ShouldBe(["root/0", "root/1"], "the db route continues to the next match");
        routes[0].GetProperty("channels")[0].GetProperty("name").GetString().ShouldBe("dba");
        routes[0].GetProperty("groupLabels").GetProperty("host").GetString().ShouldBe("db-1");
        routes[1].GetProperty("channels")[0].GetProperty("id").GetString().ShouldBe(ops, "inherited from the root");
        routes[1].GetProperty("repeatInterval").GetString().ShouldBe("1h");
        routes[1].GetProperty("groupWait").GetString().ShouldBe("5s");
        both.GetProperty("delivered").GetBoolean().ShouldBeTrue();
        plain.GetProperty("routes").EnumerateArray().Select(r => r.GetProperty("path").GetString()).ShouldBe(["root"]);
        draft.GetProperty("source").GetString().ShouldBe("draft");
        draft.GetProperty("routes")[0].GetProperty("groupWait").GetString().ShouldBe("30s");
        draft.GetProperty("routes")[0].GetProperty("channels")[0].GetProperty("id").GetString().ShouldBe(dba);
        badDraft.ShouldBe(HttpStatusCode.BadRequest);
        badDraftBody.GetProperty("errors").GetProperty("root.channels")[0].GetString()!.ShouldContain("no-such-channel");
        noLabels.ShouldBe(HttpStatusCode.BadRequest);
        noLabelsBody.GetProperty("errors").GetProperty("labels")[0].GetString()!.ShouldContain("labels");
        silenced.GetProperty("silencedBy")[0].GetProperty("comment").GetString().ShouldBe("disk swap");
        silenced.GetProperty("delivered").GetBoolean().ShouldBeFalse();
        (await op.GetFromJsonAsync<JsonElement>($"{Base}/routing", Token)).GetProperty("root").GetProperty("channels")[0].GetString().ShouldBe(ops, "a draft is never saved");
    }

    [Fact]
    public async Task Channels_SecretsAreWriteOnly()
    {
        await using var factory = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Monitoring:Alerts:Enabled"] = "false" });
        var op = await factory.CreateClientAsync(ApiKeyRole.Operator, Token);

        var created = await op.PostAsync($"{Base}/channels", Json("""{"name":"slack","type":"slack","url":"https://hooks.slack.com/services/T0/B0/TOPSECRETTOKEN"}"""), Token);
        var listed = await op.GetStringAsync($"{Base}/channels", Token);

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await created.Content.ReadAsStringAsync(Token)).ShouldNotContain("TOPSECRETTOKEN");
        listed.ShouldNotContain("TOPSECRETTOKEN");
        listed.ShouldContain("hooks.slack.com");
    }
}
