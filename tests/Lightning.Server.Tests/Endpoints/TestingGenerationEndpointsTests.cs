using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Generation;
using Lightning.Testing.Persistence;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Server.Tests.Endpoints;

/// <summary><c>/api/v2/testing/generate</c> on the real server with the real pytest and coverage.py: a fixture in the testing workspace.</summary>
public sealed class TestingGenerationEndpointsTests : IAsyncLifetime
{
    const string Parse = """
        def clamp(value: int, low: int = 0, high: int = 10) -> int:
            if value < low:
                return low
            if value > high:
                return high
            return value


        def parse_int(text: str) -> int:
            if not text:
                raise ValueError("empty")
            return int(text)
        """;

    readonly TempDirectory _workspace = new();
    LightningAppFactory _app = null!;
    HttpClient _admin = null!;
    HttpClient _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = new LightningAppFactory(new Dictionary<string, string?> { ["Lightning:Testing:Runs:WorkspaceRoot"] = _workspace.Path });
        _admin = _app.CreateClient();
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await _app.CreateKeyAsync(ApiKeyRole.Admin, Token));
        _viewer = await _app.CreateClientAsync(ApiKeyRole.Viewer, Token);
        var project = Path.Combine(_workspace.Path, "shop");
        Directory.CreateDirectory(Path.Combine(project, "calc"));
        Directory.CreateDirectory(Path.Combine(project, "tests"));
        await File.WriteAllTextAsync(Path.Combine(project, "pytest.ini"), "[pytest]\n", Token);
        await File.WriteAllTextAsync(Path.Combine(project, "calc", "__init__.py"), string.Empty, Token);
        await File.WriteAllTextAsync(Path.Combine(project, "calc", "parse.py"), Parse, Token);
        await File.WriteAllTextAsync(Path.Combine(project, "tests", "test_parse.py"), "from calc.parse import clamp\n\n\ndef test_inside():\n    assert clamp(5) == 5\n", Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _workspace.Dispose();
    }

    [Fact]
    public async Task Bootstrap_BatchLeftRunningByAnEarlierProcess_IsFailedWithTheRestartNote()
    {
        // A batch as a killed server leaves it: running in the store, no work behind it in this process.
        var contexts = _app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TestingDbContext>>();
        await using (var context = await contexts.CreateDbContextAsync(Token))
        {
            context.GenerationBatches.Add(new GenerationBatchEntity
            {
                Id = "tgen_leftrunning", Repository = "shop", WorkspaceRoot = _workspace.Path, Path = "shop", Max = 4, RequestedBy = "admin",
                Status = GenerationBatchStatus.Running, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
            });
            await context.SaveChangesAsync(Token);
        }

        // The next start runs the bootstrap (the same hosted service, on the same database).
        await _app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<Lightning.Server.Hosting.PlatformBootstrap>().Single().StartAsync(Token);

        var batch = await (await _viewer.GetAsync("/api/v2/testing/generate/tgen_leftrunning", Token)).ReadAsync<GenerationBatchView>();
        batch.Status.ShouldBe(GenerationBatchStatus.Failed);
        batch.Error.ShouldNotBeNull().ShouldStartWith("Interrupted by a server restart at ");
        batch.FinishedAt.ShouldNotBeNull();
        var cancel = await (await _admin.PostAsync("/api/v2/testing/generate/tgen_leftrunning/cancel", null, Token)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        cancel.GetProperty("code").GetString().ShouldBe("testing.generation_finished");
    }

    [Fact]
    public async Task Generate_ThenAccept_WritesTheKeptTestsIntoTheRepository()
    {
        var response = await _admin.PostJsonAsync("/api/v2/testing/generate", new GenerateTestsRequest("shop", File: "calc/parse.py", Max: 5, UseModel: false));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var queued = await response.ReadAsync<GenerationBatchView>();
        response.Headers.Location!.ToString().ShouldBe($"/api/v2/testing/generate/{queued.Id}");
        await _app.Services.GetRequiredService<TestGenerationService>().WaitAsync(queued.Id, Token);

        var ready = await (await _viewer.GetAsync($"/api/v2/testing/generate/{queued.Id}", Token)).ReadAsync<GenerationBatchView>();
        ready.Status.ShouldBe(GenerationBatchStatus.Ready, ready.Error);
        ready.Report!.Tried.ShouldBe(5);
        var kept = ready.Report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        kept.ShouldNotBeEmpty();
        (await _viewer.PostJsonAsync($"/api/v2/testing/generate/{queued.Id}/accept", new ReviewGeneratedTestsRequest())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var accepted = await (await _admin.PostJsonAsync($"/api/v2/testing/generate/{queued.Id}/accept", new ReviewGeneratedTestsRequest([kept[0].Id]))).ReadAsync<GenerationBatchView>();

        accepted.Written.ShouldBe(["tests/test_parse_generated.py"]);
        var text = await File.ReadAllTextAsync(Path.Combine(_workspace.Path, "shop", "tests", "test_parse_generated.py"), Token);
        text.ShouldContain($"def {kept[0].Name}():");
        accepted.Report!.Candidates.Count(c => c.Status == CandidateStatus.Accepted).ShouldBe(1);
        var again = await _admin.PostJsonAsync($"/api/v2/testing/generate/{queued.Id}/reject", new ReviewGeneratedTestsRequest());
        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString().ShouldBe("testing.generation_not_reviewable");
    }

    [Fact]
    public async Task List_NewestFirst_FiltersByStatusAndPages()
    {
        await File.WriteAllTextAsync(Path.Combine(_workspace.Path, "shop", "calc", "constants.py"), "LIMIT = 10\n", Token);
        var generation = _app.Services.GetRequiredService<TestGenerationService>();
        async Task<GenerationBatchView> GenerateAsync(string file)
        {
            var batch = await (await _admin.PostJsonAsync("/api/v2/testing/generate", new GenerateTestsRequest("shop", File: file, Max: 3, UseModel: false))).ReadAsync<GenerationBatchView>();
            await generation.WaitAsync(batch.Id, Token);
            return batch;
        }

        async Task<GenerationBatchPage> ListAsync(string query) =>
            await (await _viewer.GetAsync($"/api/v2/testing/generate{query}", Token)).ReadAsync<GenerationBatchPage>();

        var review = await GenerateAsync("calc/parse.py");
        var failed = await GenerateAsync("calc/constants.py");

        var all = await ListAsync(string.Empty);
        all.Items.Select(b => b.Id).ShouldBe([failed.Id, review.Id]);
        all.Next.ShouldBeNull();
        all.Items[0].Status.ShouldBe(GenerationBatchStatus.Failed);
        all.Items[0].Error!.ShouldContain("no test points");
        var awaiting = (await ListAsync("?status=review")).Items.ShouldHaveSingleItem();
        awaiting.Id.ShouldBe(review.Id);
        awaiting.Candidates.ShouldBe(3);
        awaiting.Kept.ShouldBeGreaterThan(0);
        awaiting.File.ShouldBe("calc/parse.py");
        (await ListAsync("?status=failed&repository=shop")).Items.Select(b => b.Id).ShouldBe([failed.Id]);
        (await ListAsync("?repository=elsewhere")).Items.ShouldBeEmpty();
        var first = await ListAsync("?limit=1");
        first.Items.Select(b => b.Id).ShouldBe([failed.Id]);
        first.Next.ShouldBe(failed.Id);
        var second = await ListAsync($"?limit=1&before={first.Next}");
        second.Items.Select(b => b.Id).ShouldBe([review.Id]);
        second.Next.ShouldBeNull();

        (await _admin.PostJsonAsync($"/api/v2/testing/generate/{review.Id}/accept", new ReviewGeneratedTestsRequest())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ListAsync("?status=review")).Items.ShouldBeEmpty();
        var accepted = (await ListAsync("?status=accepted")).Items.ShouldHaveSingleItem();
        accepted.Accepted.ShouldBe(awaiting.Kept);
        accepted.Kept.ShouldBe(0);
        accepted.Written.ShouldBe(["tests/test_parse_generated.py"]);

        var status = await (await _viewer.GetAsync("/api/v2/testing/generate?status=done", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        status.GetProperty("errors").GetProperty("status")[0].GetString()!.ShouldContain("review, queued, running, ready, failed, accepted, rejected");
        var limit = await (await _viewer.GetAsync("/api/v2/testing/generate?limit=0", Token)).ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        limit.GetProperty("errors").GetProperty("limit").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Generate_BadInput_AreProblemDetails()
    {
        async Task<JsonElement> ProblemAsync(object body, HttpStatusCode status) =>
            await (await _admin.PostJsonAsync("/api/v2/testing/generate", body)).ShouldBeProblemAsync(status);

        var language = await ProblemAsync(new GenerateTestsRequest("shop", Language: "cobol"), HttpStatusCode.BadRequest);
        var outside = await ProblemAsync(new GenerateTestsRequest("shop", File: "../../etc/passwd"), HttpStatusCode.BadRequest);
        var missing = await ProblemAsync(new GenerateTestsRequest("shop", File: "calc/nope.py"), HttpStatusCode.NotFound);
        var max = await ProblemAsync(new GenerateTestsRequest("shop", Max: 0), HttpStatusCode.BadRequest);
        var unknown = await (await _viewer.GetAsync("/api/v2/testing/generate/tgen_nope", Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        language.GetProperty("code").GetString().ShouldBe(GenerationLanguages.UnknownCode);
        outside.GetProperty("code").GetString().ShouldBe("workspace.path_rejected");
        missing.GetProperty("code").GetString().ShouldBe("testing.generation_file_not_found");
        max.GetProperty("errors").GetProperty("max").GetArrayLength().ShouldBe(1);
        unknown.GetProperty("detail").GetString().ShouldBe("No test generation with id 'tgen_nope'.");
    }

    [Fact]
    public async Task Cancel_RunningBatch_KillsItsProcessesKeepsWhatWasJudgedAnd409sAfter()
    {
        // A project whose pytest collection hangs (conftest sleeps after writing its pid): the batch stops in its
        // first filter, with a pytest process to kill.
        var pidFile = Path.Combine(_workspace.Path, "collecting.pid");
        var project = Path.Combine(_workspace.Path, "slow");
        Directory.CreateDirectory(Path.Combine(project, "calc"));
        Directory.CreateDirectory(Path.Combine(project, "tests"));
        await File.WriteAllTextAsync(Path.Combine(project, "pytest.ini"), "[pytest]\n", Token);
        await File.WriteAllTextAsync(Path.Combine(project, "calc", "__init__.py"), string.Empty, Token);
        await File.WriteAllTextAsync(Path.Combine(project, "calc", "parse.py"), Parse, Token);
        await File.WriteAllTextAsync(Path.Combine(project, "tests", "conftest.py"),
            $"import os, time\nwith open({JsonSerializer.Serialize(pidFile)}, 'w') as f:\n    f.write(str(os.getpid()))\ntime.sleep(120)\n", Token);
        var before = Directory.GetFiles(project, "*", SearchOption.AllDirectories).Order().ToList();

        var queued = await (await _admin.PostJsonAsync("/api/v2/testing/generate", new GenerateTestsRequest("slow", File: "calc/parse.py", Max: 4, UseModel: false))).ReadAsync<GenerationBatchView>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(pidFile) || (await File.ReadAllTextAsync(pidFile, Token)).Length == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the batch never reached pytest's collection");
            await Task.Delay(100, Token);
        }

        var pid = int.Parse(await File.ReadAllTextAsync(pidFile, Token), System.Globalization.CultureInfo.InvariantCulture);
        (await _viewer.PostAsync($"/api/v2/testing/generate/{queued.Id}/cancel", null, Token)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var response = await _admin.PostAsync($"/api/v2/testing/generate/{queued.Id}/cancel", null, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30));
        var cancelled = await response.ReadAsync<GenerationBatchView>();
        cancelled.Status.ShouldBe(GenerationBatchStatus.Cancelled);
        cancelled.Error.ShouldNotBeNull().ShouldStartWith("Cancelled by ");
        cancelled.FinishedAt.ShouldNotBeNull();
        var report = cancelled.Report.ShouldNotBeNull();
        report.Cancelled.ShouldBeTrue();
        report.Notes[^1].ShouldStartWith("Cancelled by ");
        // The candidates written before the cancel are kept, none judged by the filter that was cut short.
        report.Candidates.Count.ShouldBe(4);
        report.Candidates.ShouldAllBe(c => c.Status == CandidateStatus.Pending && c.Reason == GenerationProgress.NotJudged);
        // The same from the store, and the hung pytest is gone with its batch.
        (await (await _viewer.GetAsync($"/api/v2/testing/generate/{queued.Id}", Token)).ReadAsync<GenerationBatchView>()).Status.ShouldBe(GenerationBatchStatus.Cancelled);
        ProcessGone(pid).ShouldBeTrue($"pytest (pid {pid}) still runs");
        Directory.GetFiles(project, "*", SearchOption.AllDirectories).Order().ShouldBe(before);
        var listed = (await (await _viewer.GetAsync("/api/v2/testing/generate?status=cancelled", Token)).ReadAsync<GenerationBatchPage>()).Items.ShouldHaveSingleItem();
        listed.Id.ShouldBe(queued.Id);

        var again = await (await _admin.PostAsync($"/api/v2/testing/generate/{queued.Id}/cancel", null, Token)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        again.GetProperty("code").GetString().ShouldBe("testing.generation_finished");
        again.GetProperty("detail").GetString()!.ShouldContain("is cancelled");
        var accept = await (await _admin.PostJsonAsync($"/api/v2/testing/generate/{queued.Id}/accept", new ReviewGeneratedTestsRequest())).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        accept.GetProperty("code").GetString().ShouldBe("testing.generation_not_reviewable");
        var unknown = await (await _admin.PostAsync("/api/v2/testing/generate/tgen_nope/cancel", null, Token)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
        unknown.GetProperty("code").GetString().ShouldBe("testing.generation_not_found");
    }

    /// <summary>Whether the process has exited (a zombie not yet reaped by its parent counts as gone).</summary>
    static bool ProcessGone(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var status = $"/proc/{pid}/status";
            if (!File.Exists(status) || File.ReadAllText(status).Contains("State:\tZ", StringComparison.Ordinal))
            {
                return true;
            }

            Thread.Sleep(100);
        }

        return false;
    }
}
