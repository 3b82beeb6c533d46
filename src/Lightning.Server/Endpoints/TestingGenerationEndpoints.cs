using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>
/// <c>/api/v2/testing/generate</c>: generate tests for a repository (202 at once; generation runs the suite many
/// times), read the batch's report and candidates, review them: accept (written into the repository) or reject, and
/// cancel a batch still at work.
/// </summary>
public static class TestingGenerationEndpoints
{
    public static RouteGroupBuilder MapTestingGenerationEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapPost("/generate", GenerateAsync)
            .WithSummary("Generate tests for a repository or one file (202 at once; read /generate/{id})")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/generate", ListAsync).WithSummary("Generation batches, newest first, by status (review: awaiting review) and repository");
        group.MapGet("/generate/{id}", GetAsync).WithSummary("A generation batch: its report and every candidate with its status");
        group.MapPost("/generate/{id}/accept", AcceptAsync)
            .WithSummary("Write the kept candidates (all, or those named) into the repository")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/generate/{id}/reject", RejectAsync)
            .WithSummary("Reject the kept candidates (all, or those named); nothing is written")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/generate/{id}/cancel", CancelAsync)
            .WithSummary("Stop a queued or running batch: its processes are killed, it becomes cancelled with the candidates judged so far (404 unknown, 409 finished)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Accepted<GenerationBatchView>> GenerateAsync(
        GenerateTestsRequest request, TestTargetResolver targets, TestGenerationService generation, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = await targets.ResolveAsync(request.Repository, request.Path, user.IsInRole("admin"), cancellationToken);
        var batch = await generation.StartAsync(target, request.File, request.Language, request.Max, CollaborationEndpoints.Caller(user), request.UseModel ?? true, cancellationToken);
        return TypedResults.Accepted($"/api/v2/testing/generate/{batch.Id}", batch);
    }

    static async Task<Ok<GenerationBatchPage>> ListAsync(
        TestGenerationService generation, CancellationToken cancellationToken, string? status = null, string? repository = null, int? limit = null, string? before = null)
    {
        var validator = new Validator();
        var wanted = BatchStatus(validator, status);
        var size = GitQuery.Bounded(validator, "limit", limit, 50, 1, TestGenerationService.MaxPage);
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await generation.ListAsync(wanted, Blank(repository), size, Blank(before), cancellationToken));
    }

    static async Task<Results<Ok<GenerationBatchView>, ProblemHttpResult>> GetAsync(string id, TestGenerationService generation, CancellationToken cancellationToken) =>
        await generation.GetAsync(id, cancellationToken) is { } batch ? TypedResults.Ok(batch) : Problems.NotFound($"No test generation with id '{id}'.");

    static async Task<Ok<GenerationBatchView>> AcceptAsync(
        string id, ReviewGeneratedTestsRequest? request, TestGenerationService generation, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await generation.AcceptAsync(id, request?.Candidates, CollaborationEndpoints.Caller(user), cancellationToken));

    static async Task<Ok<GenerationBatchView>> RejectAsync(
        string id, ReviewGeneratedTestsRequest? request, TestGenerationService generation, CancellationToken cancellationToken) =>
        TypedResults.Ok(await generation.RejectAsync(id, request?.Candidates, cancellationToken));

    static async Task<Ok<GenerationBatchView>> CancelAsync(string id, TestGenerationService generation, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await generation.CancelAsync(id, CollaborationEndpoints.Caller(user), cancellationToken));

    /// <summary>"review" is what people ask for: the stored state of a batch awaiting review is "ready".</summary>
    static GenerationBatchStatus? BatchStatus(Validator validator, string? status)
    {
        var value = status?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (string.Equals(value, "review", StringComparison.OrdinalIgnoreCase))
        {
            return GenerationBatchStatus.Ready;
        }

        if (Enum.TryParse<GenerationBatchStatus>(value, ignoreCase: true, out var parsed) && !value.All(char.IsAsciiDigit))
        {
            return parsed;
        }

        validator.Add("status", $"Unknown status '{value}': use review, {string.Join(", ", Enum.GetValues<GenerationBatchStatus>().Select(s => s.ToString().ToLowerInvariant()))}.");
        return null;
    }

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
