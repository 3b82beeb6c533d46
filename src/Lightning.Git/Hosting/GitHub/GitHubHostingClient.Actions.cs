using System.Text.Json;
using System.Text.Json.Nodes;
using Lightning.Core.Errors;
using Octokit;

namespace Lightning.Git.Hosting.GitHub;

public sealed partial class GitHubHostingClient
{
    /// <summary>
    /// Starts a <c>workflow_dispatch</c> run of <paramref name="workflow"/> (file name such as <c>ci.yml</c>, or the
    /// numeric id) on <paramref name="gitRef"/> with <paramref name="inputs"/>. GitHub answers 204 without the run;
    /// list runs to find it. Octokit 14's dispatch request has no inputs, so this goes through the typed client.
    /// </summary>
    public async Task DispatchWorkflowAsync(
        string repository, string workflow, string gitRef, IReadOnlyDictionary<string, string>? inputs, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        if (string.IsNullOrWhiteSpace(workflow) || string.IsNullOrWhiteSpace(gitRef))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_workflow", "A workflow and a ref are required.");
        }

        var body = new JsonObject { ["ref"] = gitRef };
        if (inputs is { Count: > 0 })
        {
            var inputObject = new JsonObject();
            foreach (var (key, value) in inputs)
            {
                inputObject[key] = value;
            }

            body["inputs"] = inputObject;
        }

        await _rest.SendAsync(HttpMethod.Post, $"repos/{Segment(owner)}/{Segment(name)}/actions/workflows/{Segment(workflow)}/dispatches",
            body, $"dispatching {workflow} in {repository}", cancellationToken);
    }

    /// <summary>
    /// Workflow runs of the repository (or of one <paramref name="workflow"/>), optionally on one branch; every page.
    /// GitHub wraps this list in <c>{"total_count", "workflow_runs"}</c>, which the typed client pages through.
    /// </summary>
    public async Task<IReadOnlyList<GitHubWorkflowRun>> ListWorkflowRunsAsync(
        string repository, string? workflow, string? branch, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        var path = workflow is null
            ? $"repos/{Segment(owner)}/{Segment(name)}/actions/runs?per_page=100"
            : $"repos/{Segment(owner)}/{Segment(name)}/actions/workflows/{Segment(workflow)}/runs?per_page=100";
        if (branch is not null)
        {
            path += "&branch=" + Uri.EscapeDataString(branch);
        }

        var runs = await _rest.GetAllAsync(path, "workflow_runs", $"workflow runs of {repository}", cancellationToken);
        return runs.Select(ToRun).ToList();
    }

    /// <summary>One run's status and conclusion.</summary>
    public Task<GitHubWorkflowRun> GetWorkflowRunAsync(string repository, long runId, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"workflow run {runId} of {repository}", async () =>
        {
            var run = await _octokit.Actions.Workflows.Runs.Get(owner, name, runId);
            return new GitHubWorkflowRun(run.Id, run.Name, run.HeadBranch, run.HeadSha, run.Event, run.Status.StringValue,
                run.Conclusion?.StringValue, run.RunAttempt, run.HtmlUrl) { CreatedAt = run.CreatedAt, UpdatedAt = run.UpdatedAt };
        }, cancellationToken);
    }

    /// <summary>Re-runs every job of a run (a new attempt of the same run id).</summary>
    public Task RerunWorkflowAsync(string repository, long runId, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"re-running workflow run {runId} of {repository}", () => _octokit.Actions.Workflows.Runs.Rerun(owner, name, runId), cancellationToken);
    }

    static GitHubWorkflowRun ToRun(JsonElement run) => new(
        run.GetProperty("id").GetInt64(), Str(run, "name") ?? string.Empty, Str(run, "head_branch") ?? string.Empty,
        Str(run, "head_sha") ?? string.Empty, Str(run, "event") ?? string.Empty, Str(run, "status") ?? string.Empty,
        Str(run, "conclusion"), run.TryGetProperty("run_attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Number ? attempt.GetInt64() : 1,
        Str(run, "html_url") ?? string.Empty)
    {
        CreatedAt = Date(run, "created_at"),
        UpdatedAt = Date(run, "updated_at"),
    };

    static DateTimeOffset? Date(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var date) ? date : null;
}
