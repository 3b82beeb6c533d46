using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Flaky;
using Lightning.Testing.History;
using Lightning.Testing.Optimization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Flaky tests and the suite optimizer under <c>/api/v2/testing</c>: flaky tests with their evidence, on-demand
/// detection (reruns, order check), quarantine, the optimizer report and the smart test order.
/// </summary>
public static class TestingFlakyEndpoints
{
    public static RouteGroupBuilder MapTestingFlakyEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/flaky", ListAsync).WithSummary("Tests judged flaky, broken or inconclusive, with their evidence");
        group.MapPost("/flaky/detect", DetectAsync).WithSummary("Detect flaky tests now: history, targeted reruns, order check")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/quarantine", QuarantineListAsync).WithSummary("Quarantined tests: who, why, when, until when");
        group.MapPost("/quarantine", QuarantineAsync).WithSummary("Quarantine a test: it still runs and shows, but does not fail runs")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/quarantine", ReleaseAsync).WithSummary("Release a test from quarantine").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/optimizer/report", ReportAsync).WithSummary("The suite optimizer report (JSON, or text with format=text)");
        group.MapGet("/tests/order", OrderAsync).WithSummary("The smart order: recently failed, failure-prone, then fastest");
        return group;
    }

    static async Task<Ok<IReadOnlyList<FlakyVerdict>>> ListAsync(
        FlakyTestStore store, CancellationToken cancellationToken, string? repository = null, string? status = null, int? limit = null)
    {
        var validator = new Validator();
        var wanted = GitQuery.Enum<FlakyStatus>(validator, "status", status);
        var size = GitQuery.Bounded(validator, "limit", limit, 100, 1, 1000);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await store.ListAsync(Blank(repository), wanted, size, cancellationToken));
    }

    static async Task<Ok<FlakyDetectionReport>> DetectAsync(
        DetectFlakyRequest request, TestTargetResolver targets, FlakyDetector detector, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        if (request.Seed is < 0)
        {
            validator.Add("seed", "seed must be 0 or more.");
        }

        validator.ThrowIfInvalid();
        var target = await targets.ResolveAsync(request.Repository, request.Path, user.IsInRole("admin"), cancellationToken);
        return TypedResults.Ok(await detector.DetectAsync(new FlakyDetectRequest(target)
        {
            Reruns = request.Reruns,
            OrderCheck = request.OrderCheck ?? false,
            Shuffles = request.Shuffles,
            Seed = request.Seed ?? 1,
            Project = Blank(request.Project),
        }, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<QuarantinedTest>>> QuarantineListAsync(TestQuarantine quarantine, CancellationToken cancellationToken, string? repository = null) =>
        TypedResults.Ok(await quarantine.ListAsync(Blank(repository), cancellationToken));

    static async Task<Ok<QuarantinedTest>> QuarantineAsync(
        QuarantineTestRequest request, TestQuarantine quarantine, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return TypedResults.Ok(await quarantine.QuarantineAsync(request.Repository?.Trim() ?? string.Empty, request.Id?.Trim() ?? string.Empty,
            request.Reason ?? string.Empty, CollaborationEndpoints.Caller(user), request.ExpiresAt, cancellationToken));
    }

    static async Task<Ok<QuarantinedTest>> ReleaseAsync(
        TestQuarantine quarantine, ClaimsPrincipal user, CancellationToken cancellationToken, string? repository = null, string? id = null)
    {
        var validator = new Validator();
        Require(validator, "repository", repository);
        Require(validator, "id", id);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await quarantine.ReleaseAsync(repository!.Trim(), id!.Trim(), CollaborationEndpoints.Caller(user), cancellationToken));
    }

    static async Task<IResult> ReportAsync(
        SuiteOptimizer optimizer, FlakyDetector detector, CancellationToken cancellationToken, string? repository = null, int? shards = null, string? format = null)
    {
        var validator = new Validator();
        Require(validator, "repository", repository);
        var size = GitQuery.Bounded(validator, "shards", shards, 4, 1, SuiteOptimizer.MaxShards);
        if (format is not (null or "json" or "text"))
        {
            validator.Add("format", "format is json (the default) or text.");
        }

        validator.ThrowIfInvalid();
        var name = repository!.Trim();
        var target = await detector.LocateAsync(name, cancellationToken);
        var report = await optimizer.ReportAsync(name, target?.FullPath, size, null, cancellationToken);
        return format == "text" ? TypedResults.Text(report.ToText(), "text/plain; charset=utf-8") : TypedResults.Ok(report);
    }

    static async Task<Ok<IReadOnlyList<OrderedTest>>> OrderAsync(SuiteOptimizer optimizer, CancellationToken cancellationToken, string? repository = null)
    {
        var validator = new Validator();
        Require(validator, "repository", repository);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await optimizer.OrderAsync(repository!.Trim(), cancellationToken));
    }

    static void Require(Validator validator, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            validator.Add(field, $"{field} is required.");
        }
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
