using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Selection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/testing</c>: detect a repository's test frameworks, run its tests (queued, 202 at once, live over a
/// WebSocket), import reports made elsewhere, and read the history: runs, their results and events, exports, a test
/// over time, the slowest and the most failing tests.
/// </summary>
public static class TestingEndpoints
{
    const int DefaultHistoryRuns = 20;

    public static RouteGroupBuilder MapTestingEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/testing").WithTags("Testing").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapPost("/detect", DetectAsync).WithSummary("Find the test projects of a repository, and check their toolchains");
        group.MapPost("/runs", StartAsync).WithSummary("Run tests (202 at once; follow /runs/{id}/ws)").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/runs/import", ImportAsync)
            .WithSummary("Record a report made elsewhere (JUnit XML, TRX, TAP, go test -json or the event stream) as a run")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/runs", ListAsync).WithSummary("Test runs, newest first, by repository, framework and status");
        group.MapGet("/runs/{id}", GetAsync).WithSummary("A run with its projects and results");
        group.MapGet("/runs/{id}/events", EventsAsync).WithSummary("A page of a run's events (what the live stream sent)");
        group.MapGet("/runs/ws", TestRunListSocket.StreamAsync).WithSummary("The runs list, live: the first page, then every change of any run, over a WebSocket");
        group.MapGet("/runs/{id}/ws", TestRunStreamSocket.StreamAsync).WithSummary("A run's events, live, over a WebSocket");
        group.MapGet("/runs/{id}/export", ExportAsync).WithSummary("A finished run's results as JUnit XML, TRX or the JSON event stream");
        group.MapPost("/runs/{id}/cancel", CancelAsync).WithSummary("Cancel a queued or running run").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/tests/history", TestHistoryAsync).WithSummary("One test over its recent runs: outcome, duration, attempts");
        group.MapGet("/tests/slowest", SlowestAsync).WithSummary("The tests with the longest average duration over recent runs");
        group.MapGet("/tests/failing", FailingAsync).WithSummary("The tests that failed most often over recent runs");
        group.MapTestingCoverageEndpoints();
        group.MapTestingNotificationEndpoints();
        group.MapTestingFlakyEndpoints();
        group.MapTestingGenerationEndpoints();
        group.MapTestingSelectionEndpoints();
        return group;
    }

    static async Task<Ok<TestDetectionView>> DetectAsync(
        DetectTestsRequest request, TestTargetResolver targets, TestRunService runs, ToolchainProbe probe, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = await targets.ResolveAsync(request.Repository, request.Path, user.IsInRole("admin"), cancellationToken);
        var report = await runs.DetectAsync(target, cancellationToken);
        var toolchains = request.Probe ?? true ? await probe.ProbeAllAsync(report, cancellationToken) : null;
        return TypedResults.Ok(new TestDetectionView(report, toolchains));
    }

    static async Task<Results<Accepted<TestRunView>, Accepted<SelectedTestRunsView>, Ok<SelectedTestRunsView>>> StartAsync(
        StartTestRunRequest request, TestTargetResolver targets, TestRunService runs, TestSelectionService selection,
        ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        if (request.TimeoutSeconds is { } seconds && (seconds < 1 || seconds > TestRunService.MaxTimeout.TotalSeconds))
        {
            validator.Add("timeoutSeconds", $"timeoutSeconds must be between 1 and {TestRunService.MaxTimeout.TotalSeconds:0}.");
        }

        if (request.Custom is not null && request.Select is not null)
        {
            validator.Add("custom", "A custom command runs as given: it cannot be combined with select.");
        }

        validator.ThrowIfInvalid();
        var target = await targets.ResolveAsync(request.Repository, request.Path, user.IsInRole("admin"), cancellationToken);
        var start = new TestRunStart(target)
        {
            Project = request.Project,
            Framework = request.Framework,
            Tests = request.Tests ?? [],
            // Not given: the service asks Lightning:Testing:Retries (per framework, more for repositories with known flaky tests).
            Retries = request.Retries,
            Shards = request.Shards ?? 1,
            Timeout = request.TimeoutSeconds is { } timeout ? TimeSpan.FromSeconds(timeout) : null,
            Coverage = request.Coverage ?? false,
            CoverageGoals = request.Goals ?? [],
            Order = request.Order,
            Custom = request.Custom,
            Trigger = TestRunTriggers.Api,
            RequestedBy = CollaborationEndpoints.Caller(user),
        };
        if (request.Select is not null)
        {
            return await TestingSelectionEndpoints.StartSelectedAsync(request.Select, target, start, selection, runs, cancellationToken);
        }

        var run = await runs.StartAsync(start, cancellationToken);
        return TypedResults.Accepted($"/api/v2/testing/runs/{run.Id}", run);
    }

    static async Task<Results<Created<TestRunView>, ProblemHttpResult>> ImportAsync(
        HttpRequest request, TestRunService runs, IOptions<TestRunOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? repository = null, string? file = null, string? framework = null, string? project = null, string? commit = null, string? branch = null,
        string? format = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reportFormat = TestReportFormats.ParseImport(format);
        var limit = options.Value.MaxReportBytes;
        await using var body = await RequestBody.ReadAtMostAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem($"The report is larger than {limit} bytes, the most an import accepts (Lightning:Testing:Runs:MaxReportBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The report is too large.", type: "https://httpstatuses.io/413");
        }

        body.Position = 0;
        // The name errors use ("results.xml:3: ..."): the file's own name, never a path on the uploader's machine.
        var source = string.IsNullOrWhiteSpace(file) ? "report" : Path.GetFileName(file.Replace('\\', '/'));
        var run = await runs.ImportAsync(body, source, new TestRunImport(repository ?? string.Empty)
        {
            Project = project,
            Framework = framework,
            CommitSha = commit,
            Branch = branch,
            Format = reportFormat,
            RequestedBy = CollaborationEndpoints.Caller(user),
        }, cancellationToken);
        return TypedResults.Created($"/api/v2/testing/runs/{run.Id}", run);
    }

    static async Task<Ok<TestRunPage>> ListAsync(
        TestRunService runs, CancellationToken cancellationToken,
        string? repository = null, string? framework = null, string? status = null, int? limit = null, string? before = null) =>
        TypedResults.Ok(await runs.ListAsync(RunQuery(repository, framework, status, limit, before), cancellationToken));

    /// <summary>The runs list's filters and page, checked (a 400 names each bad one); the live list socket reads the same.</summary>
    internal static TestRunQuery RunQuery(string? repository, string? framework, string? status, int? limit, string? before)
    {
        var validator = new Validator();
        var parsed = TestRunStatusExtensions.Parse(status);
        if (!string.IsNullOrWhiteSpace(status) && parsed is null)
        {
            validator.Add("status", $"Unknown status '{status}': use {string.Join(", ", Enum.GetValues<TestRunStatus>().Select(s => s.ToName()))}.");
        }

        var frameworkName = FrameworkName(validator, framework);
        var size = GitQuery.Bounded(validator, "limit", limit, 50, 1, 500);
        validator.ThrowIfInvalid();
        return new TestRunQuery(Blank(repository), frameworkName, parsed, size, Blank(before));
    }

    static async Task<Results<Ok<TestRunDetails>, ProblemHttpResult>> GetAsync(
        string id, TestRunService runs, CancellationToken cancellationToken, string? outcome = null)
    {
        var validator = new Validator();
        var wanted = GitQuery.Enum<TestOutcome>(validator, "outcome", outcome);
        validator.ThrowIfInvalid();
        return await runs.Store.GetAsync(id, wanted, cancellationToken) is { } details ? TypedResults.Ok(details) : NotFound(id);
    }

    static async Task<Results<Ok<TestRunEventPage>, ProblemHttpResult>> EventsAsync(
        string id, TestRunService runs, CancellationToken cancellationToken, long? after = null, int? limit = null)
    {
        var validator = new Validator();
        if (after < 0)
        {
            validator.Add("after", "after must be a sequence number of 0 or more.");
        }

        var size = GitQuery.Bounded(validator, "limit", limit, 500, 1, 5000);
        validator.ThrowIfInvalid();
        if (await runs.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await runs.Store.ReadEventsAsync(id, after ?? 0, size, cancellationToken));
    }

    static async Task<IResult> ExportAsync(string id, TestRunService runs, CancellationToken cancellationToken, string? format = null)
    {
        var parsed = TestRunService.ExportFormat(format);
        var run = await runs.MergedRunAsync(id, cancellationToken);
        var contentType = parsed == TestReportFormat.EventStream ? "application/x-ndjson" : "application/xml";
        return TypedResults.Stream(stream => runs.WriteAsync(run, parsed, stream, CancellationToken.None), contentType, id + runs.ExtensionOf(parsed));
    }

    static async Task<Ok<TestRunView>> CancelAsync(string id, TestRunService runs, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await runs.CancelAsync(id, CollaborationEndpoints.Caller(user), cancellationToken));

    static async Task<Ok<TestCaseHistory>> TestHistoryAsync(
        TestRunService runs, CancellationToken cancellationToken, string? id = null, string? repository = null, int? limit = null)
    {
        var validator = new Validator();
        if (string.IsNullOrWhiteSpace(id))
        {
            validator.Add("id", "Name the test by its id, as the run's results show it (tests/test_calc.py::test_add).");
        }

        var size = GitQuery.Bounded(validator, "limit", limit, 50, 1, 500);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await runs.Store.CaseHistoryAsync(id!, Blank(repository), size, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<TestTiming>>> SlowestAsync(
        TestRunService runs, CancellationToken cancellationToken, string? repository = null, string? framework = null, int? limit = null, int? over = null)
    {
        var validator = new Validator();
        var frameworkName = FrameworkName(validator, framework);
        var size = GitQuery.Bounded(validator, "limit", limit, 20, 1, 500);
        var window = GitQuery.Bounded(validator, "over", over, DefaultHistoryRuns, 1, 1000);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await runs.Store.SlowestAsync(Blank(repository), frameworkName, size, window, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<TestFailureCount>>> FailingAsync(
        TestRunService runs, CancellationToken cancellationToken, string? repository = null, string? framework = null, int? limit = null, int? over = null)
    {
        var validator = new Validator();
        var frameworkName = FrameworkName(validator, framework);
        var size = GitQuery.Bounded(validator, "limit", limit, 20, 1, 500);
        var window = GitQuery.Bounded(validator, "over", over, DefaultHistoryRuns, 1, 1000);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await runs.Store.MostFailingAsync(Blank(repository), frameworkName, size, window, cancellationToken));
    }

    /// <summary>A framework filter by name or alias, as stored (<c>go</c> finds <c>go-test</c>); unknown names are a 400.</summary>
    static string? FrameworkName(Validator validator, string? framework)
    {
        if (string.IsNullOrWhiteSpace(framework))
        {
            return null;
        }

        try
        {
            return Lightning.Testing.Detection.TestFrameworks.NameOf(Lightning.Testing.Detection.TestFrameworks.Parse(framework));
        }
        catch (LightningException ex)
        {
            validator.Add("framework", ex.Message);
            return null;
        }
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No test run with id '{id}'.");
}
