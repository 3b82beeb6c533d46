using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints;

/// <summary><c>/api/v2/testing/select</c> and <c>POST /runs</c> with <c>select</c>, on a git repository in the testing workspace, with the real runner.</summary>
public sealed class TestingSelectionEndpointsTests : IAsyncLifetime
{
    readonly TempDirectory _workspace = new();
    LightningAppFactory _app = null!;
    HttpClient _admin = null!;
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string Repository => Path.Combine(_workspace.Path, "shop");

    public async ValueTask InitializeAsync()
    {
        _app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Testing:Runs:WorkspaceRoot"] = _workspace.Path });
        _admin = await _app.CreateClientAsync(ApiKeyRole.Admin, Token);
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        Directory.CreateDirectory(Path.Combine(Repository, "src"));
        Directory.CreateDirectory(Path.Combine(Repository, "tests"));
        File.WriteAllText(Path.Combine(Repository, "pytest.ini"), "[pytest]\ntestpaths = tests\npythonpath = src\n");
        File.WriteAllText(Path.Combine(Repository, "src", "calc.py"), "def add(a, b):\n    return a + b\n");
        File.WriteAllText(Path.Combine(Repository, "src", "other.py"), "def one():\n    return 1\n");
        File.WriteAllText(Path.Combine(Repository, "tests", "test_calc.py"), "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n");
        File.WriteAllText(Path.Combine(Repository, "tests", "test_other.py"), "from other import one\n\n\ndef test_one():\n    assert one() == 1\n");
        Git("init", "-q", "-b", "main");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-A");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _workspace.Dispose();
    }

    void Git(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = Repository, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        process.WaitForExit();
        process.ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Select_WorkingTreeChange_ReturnsTheTestsWithReasons()
    {
        File.WriteAllText(Path.Combine(Repository, "src", "calc.py"), "def add(a, b):\n    return b + a\n");

        var response = await _admin.PostJsonAsync("/api/v2/testing/select", new SelectTestsRequest("shop"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var root = document.RootElement;
        root.GetProperty("runAll").GetBoolean().ShouldBeFalse();
        root.GetProperty("mode").GetString().ShouldBe("safe");
        var test = root.GetProperty("tests").EnumerateArray().ShouldHaveSingleItem();
        test.GetProperty("id").GetString().ShouldBe("tests/test_calc.py");
        test.GetProperty("reasons")[0].GetString().ShouldBe("tests/test_calc.py runs because it imports src/calc.py");
    }

    [Fact]
    public async Task Runs_WithSelect_RunsOnlyTheSelectedTests()
    {
        File.WriteAllText(Path.Combine(Repository, "src", "other.py"), "def one():\n    return 2\n");

        var response = await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop", Select: new SelectTestsRequest(null)));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        var run = document.RootElement.GetProperty("runs").EnumerateArray().ShouldHaveSingleItem();
        run.GetProperty("tests").EnumerateArray().Select(t => t.GetString()).ShouldBe(["tests/test_other.py"]);
        var id = run.GetProperty("id").GetString();
        for (var attempt = 0; attempt < 600; attempt++)
        {
            using var details = JsonDocument.Parse(await _admin.GetStringAsync($"/api/v2/testing/runs/{id}", Token));
            var status = details.RootElement.GetProperty("run").GetProperty("status").GetString();
            if (status is not ("queued" or "running"))
            {
                status.ShouldBe("failed");
                details.RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ShouldBe(["tests.test_other::test_one"]);
                return;
            }

            await Task.Delay(100, Token);
        }

        throw new TimeoutException("the selected run did not finish");
    }

    [Fact]
    public async Task Select_BadInput_AreProblemDetailsNamingTheProblem()
    {
        var unknownRef = await _admin.PostJsonAsync("/api/v2/testing/select", new SelectTestsRequest("shop", Base: "no-such-branch"));
        var mode = await _admin.PostJsonAsync("/api/v2/testing/select", new SelectTestsRequest("shop", Mode: "reckless"));
        var confidence = await _admin.PostJsonAsync("/api/v2/testing/select", new SelectTestsRequest("shop", Confidence: 2));
        var headOnly = await _admin.PostJsonAsync("/api/v2/testing/select", new SelectTestsRequest("shop", Head: "HEAD"));
        var viewerPath = await _viewer.PostJsonAsync("/api/v2/testing/select", new SelectTestsRequest("shop"));
        var viewerMaps = await _viewer.PostJsonAsync("/api/v2/testing/select/maps", new BuildCoverageMapRequest("shop"));
        var withTests = await _admin.PostJsonAsync("/api/v2/testing/runs", new StartTestRunRequest("shop", Tests: ["x"], Select: new SelectTestsRequest(null)));

        string.Join(",", new[] { unknownRef, mode, confidence, headOnly, viewerPath, viewerMaps, withTests }.Select(r => (int)r.StatusCode)).ShouldBe("400,400,400,400,404,403,400");
        var problem = await unknownRef.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("testing.unknown_ref");
        problem.GetProperty("detail").GetString()!.ShouldContain("'no-such-branch'");
        (await mode.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("mode").GetArrayLength().ShouldBe(1);
        (await confidence.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("confidence").GetArrayLength().ShouldBe(1);
        (await headOnly.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("base").GetArrayLength().ShouldBe(1);
        (await viewerPath.ShouldBeProblemAsync(HttpStatusCode.NotFound)).GetProperty("code").GetString().ShouldBe("git.repository_not_found"); // only admins name paths
        viewerMaps.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await withTests.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("errors").GetProperty("select").GetArrayLength().ShouldBe(1);
    }
}
