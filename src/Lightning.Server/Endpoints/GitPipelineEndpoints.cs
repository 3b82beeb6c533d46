using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lightning.Server.Endpoints;

/// <summary>
/// CI of a hosted repository, one view for both providers: GitHub Actions workflow runs and GitLab pipelines. Listing,
/// status and starting work on both; jobs are GitLab's (the GitHub client has no jobs call) and re-runs GitHub's (the
/// GitLab client has no retry).
/// </summary>
public static partial class GitPipelineEndpoints
{
    /// <summary>GitHub's documented values of the runs list's <c>status</c> filter: a status or a conclusion.</summary>
    static readonly string[] GitHubStatuses =
    [
        "queued", "in_progress", "completed", "requested", "waiting", "pending",
        "success", "failure", "cancelled", "skipped", "neutral", "stale", "timed_out", "action_required",
    ];

    static readonly string[] GitLabStatuses =
    [
        "created", "waiting_for_resource", "preparing", "pending", "running", "success", "failed", "canceled", "skipped", "manual", "scheduled",
    ];

    /// <summary>GitLab statuses after which nothing more happens to a pipeline.</summary>
    static readonly string[] GitLabFinished = ["success", "failed", "canceled", "skipped"];

    public static RouteGroupBuilder MapGitPipelineEndpoints(this RouteGroupBuilder repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        repository.MapGet("/pipelines", ListAsync)
            .WithSummary("GitHub Actions workflow runs or GitLab pipelines, newest first; filter with ref, status (the provider's own words) and, on GitHub, workflow");
        repository.MapGet("/pipelines/{id:long}", GetAsync).WithSummary("One workflow run or pipeline: its status and conclusion");
        repository.MapGet("/pipelines/{id:long}/jobs", ListJobsAsync).WithSummary("The jobs of a GitLab pipeline");
        repository.MapPost("/pipelines", StartAsync)
            .WithSummary("GitHub: dispatch a workflow on a ref with inputs (202, GitHub returns no run); GitLab: run a pipeline on a ref with variables (201)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPost("/pipelines/{id:long}/rerun", RerunAsync).WithSummary("Re-run every job of a GitHub workflow run (a new attempt)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        return repository;
    }

    static async Task<Ok<IReadOnlyList<PipelineView>>> ListAsync(
        [AsParameters] HostedRepository repository, [FromQuery(Name = "ref")] string? gitRef, string? status, string? workflow,
        CancellationToken cancellationToken)
    {
        var reference = OptionalRef(gitRef);
        var wanted = string.IsNullOrWhiteSpace(status) ? null : status.Trim().ToLowerInvariant();
        var onlyWorkflow = string.IsNullOrWhiteSpace(workflow) ? null
            : IsWorkflow(workflow) ? workflow.Trim()
            : throw GitHostingEndpoints.Invalid("workflow", "A workflow is its file name under .github/workflows (build.yml) or its numeric id.");
        return TypedResults.Ok(await repository.ByProviderAsync<IReadOnlyList<PipelineView>>(
            github: async (github, hosted) =>
            {
                RequireKnown(wanted, GitHubStatuses, github.Provider);
                var runs = await github.ListWorkflowRunsAsync(hosted, onlyWorkflow, reference, cancellationToken);

                // GitHub's own status filter matches a status or a conclusion; the client has none, so filter the same way here.
                return runs.Where(run => wanted is null || run.Status == wanted || run.Conclusion == wanted).Select(ToView).ToList();
            },
            gitlab: async (gitlab, hosted) =>
            {
                RequireKnown(wanted, GitLabStatuses, gitlab.Provider);
                if (onlyWorkflow is not null)
                {
                    throw GitHostingEndpoints.Invalid("workflow", "GitLab has one pipeline definition per project (.gitlab-ci.yml); leave the workflow out.");
                }

                return (await gitlab.ListPipelinesAsync(hosted, reference, wanted, cancellationToken)).Select(ToView).ToList();
            }));
    }

    static async Task<Ok<PipelineView>> GetAsync([AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        return TypedResults.Ok(await repository.ByProviderAsync(
            github: async (github, hosted) => ToView(await github.GetWorkflowRunAsync(hosted, id, cancellationToken)),
            gitlab: async (gitlab, hosted) => ToView(await gitlab.GetPipelineAsync(hosted, id, cancellationToken))));
    }

    static async Task<Ok<IReadOnlyList<PipelineJobView>>> ListJobsAsync([AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        return TypedResults.Ok(await repository.ByProviderAsync<IReadOnlyList<PipelineJobView>>(gitlab: async (gitlab, hosted) =>
            (await gitlab.ListPipelineJobsAsync(hosted, id, cancellationToken))
            .Select(job => new PipelineJobView(job.Id, job.Name, job.Stage, job.Status, job.Ref, job.Duration, job.WebUrl)).ToList()));
    }

    static async Task<Results<Created<PipelineView>, Accepted<PipelineDispatchView>>> StartAsync(
        [AsParameters] HostedRepository repository, StartPipelineRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        validator.Require(HostedInput.IsOneLine(request.Ref), "ref", "Give the branch or tag to run on (one line, no spaces).");
        foreach (var key in request.Inputs?.Keys ?? [])
        {
            validator.Require(!string.IsNullOrWhiteSpace(key), "inputs", "Input names cannot be empty.");
        }

        foreach (var key in request.Variables?.Keys ?? [])
        {
            validator.Require(VariableKeyPattern().IsMatch(key), "variables",
                $"'{key}' is not a GitLab variable key: 1-255 letters, digits and '_'.");
        }

        validator.ThrowIfInvalid();
        var reference = request.Ref.Trim();
        return await repository.ByProviderAsync<Results<Created<PipelineView>, Accepted<PipelineDispatchView>>>(
            github: async (github, hosted) =>
            {
                new Validator()
                    .Require(IsWorkflow(request.Workflow), "workflow",
                        "Give the workflow to dispatch: its file name under .github/workflows (build.yml) or its numeric id.")
                    .Require(request.Variables is not { Count: > 0 }, "variables", "GitHub workflows take inputs, not variables.")
                    .ThrowIfInvalid();
                var workflow = request.Workflow!.Trim();
                await github.DispatchWorkflowAsync(hosted, workflow, reference, request.Inputs, cancellationToken);
                return TypedResults.Accepted(repository.Url($"pipelines?ref={Uri.EscapeDataString(reference)}"),
                    new PipelineDispatchView(github.Provider, workflow, reference,
                        $"GitHub accepted the dispatch without naming the run it starts; it appears in GET /api/v2/git/repositories/{repository.Name}/pipelines?ref={reference} within seconds."));
            },
            gitlab: async (gitlab, hosted) =>
            {
                new Validator()
                    .Require(request.Workflow is null, "workflow", "GitLab runs the project's .gitlab-ci.yml; leave the workflow out.")
                    .Require(request.Inputs is not { Count: > 0 }, "inputs", "GitLab pipelines take variables, not inputs.")
                    .ThrowIfInvalid();
                var variables = (request.Variables ?? new Dictionary<string, string>())
                    .Select(pair => new GitLabPipelineVariable(pair.Key, pair.Value)).ToList();
                var pipeline = ToView(await gitlab.TriggerPipelineAsync(hosted, reference, variables, cancellationToken));
                return TypedResults.Created(repository.Url($"pipelines/{pipeline.Id}"), pipeline);
            });
    }

    static async Task<Accepted<PipelineView>> RerunAsync([AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        var view = await repository.ByProviderAsync(github: async (github, hosted) =>
        {
            await github.RerunWorkflowAsync(hosted, id, cancellationToken);

            // The re-run is the same run id with a new attempt: answer with the run as it is now.
            return ToView(await github.GetWorkflowRunAsync(hosted, id, cancellationToken));
        });
        return TypedResults.Accepted(repository.Url($"pipelines/{id}"), view);
    }

    static PipelineView ToView(GitHubWorkflowRun run) => new(
        "github", run.Id, run.Name, run.HeadBranch, run.HeadSha, run.Event, run.Status, run.Conclusion,
        Completed: run.Status == "completed", run.RunAttempt, run.HtmlUrl, run.CreatedAt, run.UpdatedAt);

    static PipelineView ToView(GitLabPipeline pipeline)
    {
        var finished = GitLabFinished.Contains(pipeline.Status, StringComparer.Ordinal);
        return new("gitlab", pipeline.Id, Name: null, pipeline.Ref, pipeline.Sha, pipeline.Source, pipeline.Status,
            finished ? pipeline.Status : null, finished, Attempt: null, pipeline.WebUrl ?? string.Empty, pipeline.CreatedAt, pipeline.UpdatedAt);
    }

    static void RequireKnown(string? status, string[] known, string provider)
    {
        if (status is not null && !known.Contains(status, StringComparer.Ordinal))
        {
            throw GitHostingEndpoints.Invalid("status", $"'{status}' is not a {provider} pipeline status; one of: {string.Join(", ", known)}.");
        }
    }

    static string? OptionalRef(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return HostedInput.IsOneLine(value) ? value.Trim() : throw GitHostingEndpoints.Invalid("ref", "A ref is a branch or tag name: one line, no spaces.");
    }

    /// <summary>A workflow file name in <c>.github/workflows</c> (no folders) or a workflow's numeric id.</summary>
    static bool IsWorkflow(string? value) =>
        !string.IsNullOrWhiteSpace(value) && WorkflowPattern().IsMatch(value.Trim());

    [GeneratedRegex(@"^(?:[0-9]{1,19}|[A-Za-z0-9_.-]{1,200}\.ya?ml)$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WorkflowPattern();

    [GeneratedRegex("^[A-Za-z0-9_]{1,255}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex VariableKeyPattern();
}
