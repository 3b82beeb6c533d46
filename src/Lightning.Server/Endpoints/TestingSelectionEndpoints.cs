using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.History;
using Lightning.Testing.Selection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/testing/select</c>: which tests a change needs, each with its reasons (viewer), and per-test coverage
/// maps for it (operator: it runs the tests). <c>POST /runs</c> with <c>select</c> runs a selection (<see cref="StartSelectedAsync"/>).
/// </summary>
public static class TestingSelectionEndpoints
{
    public static RouteGroupBuilder MapTestingSelectionEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/select", SelectAsync).WithSummary("The tests a change needs (working tree, or base..head), each with why it runs");
        group.MapPost("/select/maps", BuildMapsAsync).WithSummary("Build the per-test coverage maps selection uses (runs the tests)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Ok<TestSelection>> SelectAsync(
        SelectTestsRequest request, TestTargetResolver targets, TestSelectionService selection, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var selectionRequest = Parse(request);
        var target = await targets.ResolveAsync(request.Repository, request.Path, user.IsInRole("admin"), cancellationToken);
        return TypedResults.Ok(await selection.SelectAsync(selectionRequest with { Directory = target.FullPath, HistoryName = target.Repository }, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<CoverageMapSummary>>> BuildMapsAsync(
        BuildCoverageMapRequest request, TestTargetResolver targets, TestSelectionService selection, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        if (request.TimeoutSeconds is { } seconds && (seconds < 1 || seconds > TestRunService.MaxTimeout.TotalSeconds))
        {
            validator.Add("timeoutSeconds", $"timeoutSeconds must be between 1 and {TestRunService.MaxTimeout.TotalSeconds:0}.");
        }

        validator.ThrowIfInvalid();
        var target = await targets.ResolveAsync(request.Repository, request.Path, user.IsInRole("admin"), cancellationToken);
        var maps = await selection.BuildMapsAsync(target.FullPath, TimeSpan.FromSeconds(request.TimeoutSeconds ?? 1800), cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CoverageMapSummary>>(maps.Select(map =>
            new CoverageMapSummary(map.Project, map.Framework, map.Commit, map.Dirty, map.BuiltAt, map.Tests.Count, map.Files.Count, map.UnmatchedContexts.Count)).ToList());
    }

    /// <summary>
    /// <c>POST /runs</c> with <c>select</c>: selects for the run's repository, then starts the runs the selection needs
    /// (<see cref="SelectionRunPlan"/>): 202 with the selection and the runs, or 200 with no run when nothing is affected.
    /// </summary>
    public static async Task<Results<Accepted<TestRunView>, Accepted<SelectedTestRunsView>, Ok<SelectedTestRunsView>>> StartSelectedAsync(
        SelectTestsRequest select, TestTarget target, TestRunStart template, TestSelectionService selection, TestRunService runs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(select);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(runs);
        if (template.Project is not null || template.Framework is not null || template.Tests.Count > 0)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["select"] = ["select chooses the projects and tests itself: leave out project, framework and tests."],
            });
        }

        var chosen = await selection.SelectAsync(Parse(select) with { Directory = target.FullPath, HistoryName = target.Repository }, cancellationToken);
        var started = new List<TestRunView>();
        foreach (var start in SelectionRunPlan.Plan(chosen, template))
        {
            started.Add(await runs.StartAsync(start, cancellationToken));
        }

        var view = new SelectedTestRunsView(chosen, started);
        return started.Count == 0 ? TypedResults.Ok(view) : TypedResults.Accepted($"/api/v2/testing/runs/{started[0].Id}", view);
    }

    static SelectionRequest Parse(SelectTestsRequest request)
    {
        var validator = new Validator();
        var mode = SelectionMode.Safe;
        if (!string.IsNullOrWhiteSpace(request.Mode) && !Enum.TryParse(request.Mode.Trim(), ignoreCase: true, out mode))
        {
            validator.Add("mode", $"Unknown mode '{request.Mode}': use safe (every affected test) or fast (ranked, cut at the confidence).");
        }

        if (request.Confidence is { } confidence && (double.IsNaN(confidence) || confidence <= 0 || confidence > 1))
        {
            validator.Add("confidence", "confidence is a number above 0 and at most 1.");
        }

        if (request.Head is not null && string.IsNullOrWhiteSpace(request.Base))
        {
            validator.Add("base", "head needs a base to compare it with.");
        }

        validator.ThrowIfInvalid();
        return new SelectionRequest(string.Empty)
        {
            Base = string.IsNullOrWhiteSpace(request.Base) ? null : request.Base,
            Head = string.IsNullOrWhiteSpace(request.Head) ? null : request.Head,
            Mode = mode,
            Confidence = request.Confidence ?? SelectionRequest.DefaultConfidence,
        };
    }
}
