using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary>Flaky tests, quarantine and the optimizer over <c>/api/v2/testing</c>, on the real server and the real pytest runner.</summary>
public sealed class TestingFlakyEndpointsTests : IAsyncLifetime
{
    const string CalcTests = """
        def test_add():
            assert 1 + 1 == 2

        def test_sub():
            assert 3 - 1 == 1, "three minus one"
        """;

    readonly TempDirectory _workspace = new();
    LightningAppFactory _app = null!;
    HttpClient _admin = null!;
    HttpClient _operator = null!;
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Testing:Runs:WorkspaceRoot"] = _workspace.Path });
        _admin = _app.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _app.CreateKeyAsync(ApiKeyRole.Admin, Token));
        _operator = await _app.CreateClientAsync(ApiKeyRole.Operator, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var directory = Path.Combine(_workspace.Path, "shop");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(directory, "test_calc.py"), CalcTests);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _workspace.Dispose();
    }

    async Task<TestRunView> ImportAsync(string add, string sub)
    {
        static string Case(string name, string outcome) => outcome == "failed"
            ? $"<testcase classname=\"test_calc\" name=\"{name}\" time=\"0.01\"><failure message=\"assert 1 == 2\">trace</failure></testcase>"
            : $"<testcase classname=\"test_calc\" name=\"{name}\" time=\"0.01\"/>";
        using var content = new StringContent($"<testsuites><testsuite name=\"pytest\">{Case("test_add", add)}{Case("test_sub", sub)}</testsuite></testsuites>", Encoding.UTF8, "application/xml");
        var response = await _operator.PostAsync("/api/v2/testing/runs/import?repository=shop&file=results.xml&commit=abcd1234", content, Token);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        return await response.ReadAsync<TestRunView>();
    }

    [Fact]
    public async Task FlakyQuarantineAndReport_FromHistoryToARunThatQuarantineLetsPass()
    {
        await ImportAsync("passed", "failed");
        await ImportAsync("failed", "failed");

        var flaky = await (await _viewer.GetAsync("/api/v2/testing/flaky?repository=shop&status=flaky", Token)).ReadAsync<JsonElement>();
        var detect = await (await _operator.PostJsonAsync("/api/v2/testing/flaky/detect", new DetectFlakyRequest("shop", Reruns: 2))).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var detected = await (await _admin.PostJsonAsync("/api/v2/testing/flaky/detect", new DetectFlakyRequest("shop", Reruns: 2))).ReadAsync<JsonElement>();
        var quarantined = await (await _operator.PostJsonAsync("/api/v2/testing/quarantine",
            new QuarantineTestRequest("shop", "test_calc::test_sub", "broken upstream, #42"))).ReadAsync<JsonElement>();
        var run = await ImportAsync("passed", "failed");
        var list = await (await _viewer.GetAsync("/api/v2/testing/quarantine?repository=shop", Token)).ReadAsync<JsonElement>();
        var report = await (await _viewer.GetAsync("/api/v2/testing/optimizer/report?repository=shop&shards=2", Token)).ReadAsync<JsonElement>();
        var text = await (await _viewer.GetAsync("/api/v2/testing/optimizer/report?repository=shop&format=text", Token)).Content.ReadAsStringAsync(Token);
        var order = await (await _viewer.GetAsync("/api/v2/testing/tests/order?repository=shop", Token)).ReadAsync<JsonElement>();
        var released = await _operator.DeleteAsync("/api/v2/testing/quarantine?repository=shop&id=test_calc::test_sub", Token);

        var add = flaky.EnumerateArray().ShouldHaveSingleItem();
        add.GetProperty("id").GetString().ShouldBe("test_calc::test_add");
        add.GetProperty("evidence")[0].GetProperty("signal").GetString().ShouldBe("flip-on-same-commit");
        detect.GetProperty("code").GetString().ShouldBe("git.repository_not_found"); // operators name registered repositories
        var sub = detected.GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("id").GetString() == "test_calc::test_sub");
        (sub.GetProperty("status").GetString(), sub.GetProperty("reruns").GetInt32()).ShouldBe(("broken", 2)); // rerun for real: still fails
        detected.GetProperty("reruns").GetInt32().ShouldBe(2);
        quarantined.GetProperty("quarantinedBy").GetString().ShouldNotBeNullOrEmpty();
        (run.Status, run.QuarantinedFailures, run.Totals.Failed).ShouldBe((TestRunStatus.Passed, 1, 1));
        list.EnumerateArray().ShouldHaveSingleItem().GetProperty("reason").GetString().ShouldBe("broken upstream, #42");
        report.GetProperty("flaky").GetArrayLength().ShouldBe(1);
        report.GetProperty("parallel").GetProperty("shards").GetInt32().ShouldBe(2);
        report.GetProperty("duplicates").GetArrayLength().ShouldBe(0);
        text.ShouldContain("Suite report for shop: 2 tests over the last 3 run(s)");
        text.ShouldContain("test_calc::test_sub  by ");
        order[0].GetProperty("id").GetString().ShouldBe("test_calc::test_sub");
        released.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task BadInput_AreProblemDetails()
    {
        var status = await (await _viewer.GetAsync("/api/v2/testing/flaky?status=great", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var reruns = await (await _admin.PostJsonAsync("/api/v2/testing/flaky/detect", new DetectFlakyRequest("shop", Reruns: 50))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var outside = await (await _admin.PostJsonAsync("/api/v2/testing/flaky/detect", new DetectFlakyRequest("../x"))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var viewer = await _viewer.PostJsonAsync("/api/v2/testing/quarantine", new QuarantineTestRequest("shop", "t::a", "why"));
        var reason = await (await _operator.PostJsonAsync("/api/v2/testing/quarantine", new QuarantineTestRequest("shop", "t::a", null))).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var notQuarantined = await (await _operator.DeleteAsync("/api/v2/testing/quarantine?repository=shop&id=t::a", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        var noRepository = await (await _viewer.GetAsync("/api/v2/testing/optimizer/report", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var shards = await (await _viewer.GetAsync("/api/v2/testing/optimizer/report?repository=shop&shards=0&format=pdf", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        var order = await (await _viewer.GetAsync("/api/v2/testing/tests/order", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);

        status.GetProperty("errors").GetProperty("status").GetArrayLength().ShouldBe(1);
        reruns.GetProperty("errors").GetProperty("reruns")[0].GetString().ShouldBe("reruns must be between 0 and 20.");
        outside.GetProperty("code").GetString().ShouldBe("workspace.path_rejected");
        viewer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        reason.GetProperty("errors").GetProperty("reason").GetArrayLength().ShouldBe(1);
        notQuarantined.GetProperty("code").GetString().ShouldBe("testing.quarantine_not_found");
        noRepository.GetProperty("errors").GetProperty("repository").GetArrayLength().ShouldBe(1);
        shards.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ShouldBe(["format", "shards"]);
        order.GetProperty("errors").GetProperty("repository").GetArrayLength().ShouldBe(1);
    }
}
