using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Coverage.Suggestions;
using Lightning.Testing.History;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Coverage of test runs under <c>/api/v2/testing</c>: a run's totals, goals and file tree, one file's lines with its
/// source, reports (HTML, JSON, Cobertura, LCOV), improvement suggestions, reports made elsewhere attached to a run,
/// and a repository's trend over runs.
/// </summary>
public static class TestingCoverageEndpoints
{
    public static RouteGroupBuilder MapTestingCoverageEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/runs/{id}/coverage", GetAsync).WithSummary("A run's coverage: totals, goals and a file tree with percentages per directory and file");
        group.MapGet("/runs/{id}/coverage/files/{**path}", FileAsync).WithSummary("One file's lines (hits, branches, covered/partial/missed) with its source at the run's commit");
        group.MapGet("/runs/{id}/coverage/report", ReportAsync).WithSummary("A run's coverage as HTML, Lightning JSON, Cobertura or LCOV");
        group.MapGet("/runs/{id}/coverage/suggestions", SuggestionsAsync).WithSummary("The functions whose tests would add most coverage");
        group.MapPost("/runs/{id}/coverage/import", ImportAsync)
            .WithSummary("Attach a coverage report made elsewhere (Cobertura, LCOV, JaCoCo, coverage.py JSON, Go, Clover, SimpleCov) to a run")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/coverage/trend", TrendAsync).WithSummary("Line and branch coverage of a repository's (or project's) recent runs, with their commits");
        return group;
    }

    static async Task<Ok<RunCoverageSummary>> GetAsync(string id, TestRunService runs, TestCoverageService coverage, CancellationToken cancellationToken)
    {
        await RunAsync(id, runs, cancellationToken);
        return TypedResults.Ok(await coverage.GetAsync(id, cancellationToken));
    }

    static async Task<Ok<CoverageFileView>> FileAsync(string id, string path, TestRunService runs, TestCoverageService coverage, CancellationToken cancellationToken)
    {
        await RunAsync(id, runs, cancellationToken);
        // An encoded slash reaches the route undecoded: decoded here so that "a%2F..%2F.." is judged as the path it spells.
        return TypedResults.Ok(await coverage.FileAsync(id, GitQuery.RefFromRoute(path), cancellationToken));
    }

    static async Task<IResult> ReportAsync(string id, TestRunService runs, TestCoverageService coverage, CancellationToken cancellationToken, string? format = null)
    {
        var (name, contentType, extension) = TestCoverageService.ReportFormat(format);
        await RunAsync(id, runs, cancellationToken);
        // Written to memory first, so a run without coverage is a 404 rather than a broken download.
        var output = new MemoryStream();
        await coverage.WriteReportAsync(id, name, output, cancellationToken);
        output.Position = 0;
        return name == "html"
            ? TypedResults.Stream(output, contentType)
            : TypedResults.Stream(output, contentType, $"{id}-coverage{extension}");
    }

    static async Task<Ok<IReadOnlyList<CoverageSuggestion>>> SuggestionsAsync(
        string id, TestRunService runs, TestCoverageService coverage, CancellationToken cancellationToken, int? limit = null)
    {
        var validator = new Validator();
        var size = GitQuery.Bounded(validator, "limit", limit, 10, 1, 200);
        validator.ThrowIfInvalid();
        await RunAsync(id, runs, cancellationToken);
        return TypedResults.Ok(await coverage.SuggestionsAsync(id, size, cancellationToken));
    }

    static async Task<Results<Ok<RunCoverageSummary>, ProblemHttpResult>> ImportAsync(
        string id, HttpRequest request, TestRunService runs, TestCoverageService coverage, TestTargetResolver targets, IOptions<TestRunOptions> options,
        ClaimsPrincipal user, CancellationToken cancellationToken, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var run = await RunAsync(id, runs, cancellationToken);
        var limit = options.Value.MaxReportBytes;
        await using var body = await RequestBody.ReadAtMostAsync(request, limit, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem($"The coverage report is larger than {limit} bytes, the most an import accepts (Lightning:Testing:Runs:MaxReportBytes).",
                statusCode: StatusCodes.Status413PayloadTooLarge, title: "The report is too large.", type: "https://httpstatuses.io/413");
        }

        body.Position = 0;
        // Paths are mapped onto the run's repository when it is on this server (a registered name, or an admin's path).
        string? root = null;
        try
        {
            root = (await targets.ResolveAsync(run.Repository, null, user.IsInRole("admin"), cancellationToken)).FullPath;
        }
        catch (LightningException)
        {
            // Not on this server: relative paths are kept as the report gives them.
        }

        var source = string.IsNullOrWhiteSpace(file) ? "coverage" : Path.GetFileName(file.Replace('\\', '/'));
        return TypedResults.Ok(await coverage.ImportAsync(id, run.Repository, run.CommitSha, run.Branch, root, body, source, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<CoverageTrendPoint>>> TrendAsync(
        TestCoverageService coverage, CancellationToken cancellationToken, string? repository = null, string? project = null, int? limit = null)
    {
        var validator = new Validator();
        if (string.IsNullOrWhiteSpace(repository))
        {
            validator.Add("repository", "Name the repository, as its runs name it.");
        }

        var size = GitQuery.Bounded(validator, "limit", limit, 30, 1, 500);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await coverage.TrendAsync(repository!.Trim(), string.IsNullOrWhiteSpace(project) ? null : project.Trim(), size, cancellationToken));
    }

    static async Task<TestRunView> RunAsync(string id, TestRunService runs, CancellationToken cancellationToken) =>
        await runs.GetAsync(id, cancellationToken) ?? throw TestHistoryStore.NotFound(id);
}
