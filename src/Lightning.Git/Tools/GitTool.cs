using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Agents.Tools;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Git.Insights;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Registry;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.Git.Repositories.Merging;
using Lightning.Git.Review;

namespace Lightning.Git.Tools;

/// <summary>
/// The git tool agent: lets a collaboration clone, inspect, commit, branch, merge, tag, release, predict conflicts, read
/// history insights and review changes. It works on a directory of the agent's (or the collaboration's shared)
/// workspace, or on a repository registered with the platform by name. Expected failures (unknown ref, dirty worktree,
/// conflicts) are failed results that are not retried: running the same step again would fail the same way.
/// </summary>
public sealed class GitTool(
    ActionExecutor executor,
    GitRepositoryRegistry registry,
    GitRepositoryService repositories,
    GitMergeService merges,
    CommitMessageGenerator messages,
    ReleasePlanner releases,
    ChangelogGenerator changelogs,
    ConflictPredictor conflicts,
    HistoryAnalyzer history,
    ContributionTracker contributions,
    CodeReviewer reviewer) : IAgentTool
{
    static readonly string[] Operations =
    [
        "clone", "status", "log", "commit", "branch", "switch", "merge", "tag", "changelog", "next-version", "release",
        "predict-conflicts", "insights", "contributors", "review",
    ];

    public string Name => "git";

    public string Description =>
        "Work with a git repository in the workspace (path, default \".\") or a registered one (repository): operation = "
        + string.Join(", ", Operations)
        + ". clone: url, branch?; log: limit?, revision?; commit: message or generate:true, all?; branch/switch: name, from?; merge: source, mode?; "
        + "tag: name, message?; changelog: format?, unreleased?; next-version/release: pre?; review: base, head.";

    public string? Capability => Capabilities.Git;

    public IReadOnlyList<string> Validate(JsonElement input)
    {
        var errors = new List<string>();
        if (!ToolInput.IsObject(input, errors, Name))
        {
            return errors;
        }

        var operation = ToolInput.Text(input, "operation", errors, required: true);
        if (operation is not null && !Operations.Contains(operation, StringComparer.Ordinal))
        {
            errors.Add($"'operation' must be one of: {string.Join(", ", Operations)}.");
        }

        ToolInput.Text(input, "path", errors, required: false);
        ToolInput.Text(input, "repository", errors, required: false);
        ToolInput.Number(input, "limit", errors);
        switch (operation)
        {
            case "clone":
                var url = ToolInput.Text(input, "url", errors, required: true);
                if (url is not null && !IsNetworkUrl(url))
                {
                    errors.Add("'url' must be an https, ssh or git URL (git@host:path works too).");
                }

                break;
            case "branch" or "switch" or "tag":
                ToolInput.Text(input, "name", errors, required: true);
                break;
            case "merge":
                ToolInput.Text(input, "source", errors, required: true);
                break;
            case "review":
                ToolInput.Text(input, "base", errors, required: true);
                break;
            case "commit":
                if (ToolInput.Text(input, "message", errors, required: false) is null && !ToolInput.Bool(input, "generate", errors))
                {
                    errors.Add("'commit' needs a 'message', or 'generate': true for a Conventional Commit message written from the staged diff.");
                }

                break;
        }

        return errors;
    }

    public async Task<ToolResult> RunAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var errors = Validate(invocation.Input);
        if (errors.Count > 0)
        {
            return ToolResult.Failure(string.Join(" ", errors), retryable: false);
        }

        try
        {
            var output = await RunOperationAsync(invocation, cancellationToken);
            return ToolResult.Success(JsonSerializer.SerializeToElement(output, LightningJson.Options));
        }
        catch (LightningException ex) when (ex.Kind is not (ErrorKind.Unavailable or ErrorKind.RateLimited or ErrorKind.Upstream))
        {
            return ToolResult.Failure(ex.Message, retryable: false);
        }
    }

    async Task<object> RunOperationAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        var input = invocation.Input;
        var ignored = new List<string>();
        string Text(string name) => ToolInput.Text(input, name, ignored, required: false) ?? string.Empty;
        string? Optional(string name) => ToolInput.Text(input, name, ignored, required: false);
        bool Flag(string name) => ToolInput.Bool(input, name, ignored);

        var operation = Text("operation");
        if (string.Equals(operation, "clone", StringComparison.Ordinal))
        {
            var target = WorkspaceOf(invocation).Resolve(Optional("path") ?? RepositoryNameOf(Text("url")));
            // Cloning is the step a retried subtask repeats most: an existing clone of the same URL is the same result.
            if (!Directory.Exists(Path.Combine(target, ".git")))
            {
                await repositories.CloneAsync(Text("url"), target, new GitCloneOptions { Branch = Optional("branch") }, cancellationToken);
            }

            return new { path = WorkspaceOf(invocation).Relative(target), status = await repositories.StatusAsync(target, cancellationToken) };
        }

        var repository = await RepositoryPathAsync(invocation, cancellationToken);
        switch (operation)
        {
            case "status":
                return await repositories.StatusAsync(repository, cancellationToken);
            case "log":
                return await repositories.LogAsync(repository, new GitLogQuery
                {
                    Revision = Optional("revision"),
                    MaxCount = ToolInput.Number(input, "limit", ignored) ?? 50,
                }, cancellationToken);
            case "commit":
                if (Flag("all"))
                {
                    await repositories.StageAsync(repository, null, cancellationToken);
                }

                var message = Optional("message") ?? (await messages.GenerateAsync(repository, cancellationToken)).Message;
                return await repositories.CommitAsync(repository, message, allowEmpty: false, amend: false, cancellationToken);
            case "branch":
                return await repositories.CreateBranchAsync(repository, Text("name"), Optional("from"), cancellationToken);
            case "switch":
                await repositories.SwitchAsync(repository, Text("name"), Flag("create"), Optional("from"), cancellationToken);
                return await repositories.StatusAsync(repository, cancellationToken);
            case "merge":
                var mode = Optional("mode") switch
                {
                    "fast-forward-only" or "ff-only" => GitMergeMode.FastForwardOnly,
                    "no-fast-forward" or "no-ff" => GitMergeMode.NoFastForward,
                    _ => GitMergeMode.Auto,
                };
                var merged = await merges.MergeAsync(repository, new GitMergeRequest { Source = Text("source"), Mode = mode, Message = Optional("message") }, cancellationToken);
                if (merged.Outcome == GitMergeOutcome.Conflicted)
                {
                    // A conflicted merge is left for a person (or a later step) to resolve; the subtask reports it as failed.
                    throw new LightningException(ErrorKind.Conflict, "git.merge_conflicted",
                        $"Merging '{Text("source")}' conflicts in: {string.Join(", ", merged.Conflicts.Select(conflict => conflict.Path))}.");
                }

                return merged;
            case "tag":
                return await repositories.CreateTagAsync(repository, Text("name"), Optional("target"), Optional("message"), cancellationToken);
            case "changelog":
                var format = string.Equals(Optional("format"), "keep-a-changelog", StringComparison.Ordinal) ? ChangelogFormat.KeepAChangelog : ChangelogFormat.Default;
                return new { format = Optional("format") ?? "default", text = await changelogs.GenerateAsync(repository, new ChangelogRequest(Format: format, UnreleasedOnly: Flag("unreleased")), cancellationToken) };
            case "next-version":
                return await releases.PlanAsync(repository, new ReleasePlanRequest(PreRelease: Optional("pre")), cancellationToken);
            case "release":
                return await releases.ReleaseAsync(repository, new ReleaseRequest(new ReleasePlanRequest(PreRelease: Optional("pre"))), cancellationToken);
            case "predict-conflicts":
                return await conflicts.PredictAsync(repository, new ConflictPredictionRequest(), cancellationToken);
            case "insights":
                return await history.AnalyzeAsync(repository, new HistoryAnalysisOptions { MaxHotspots = ToolInput.Number(input, "limit", ignored) ?? 20 }, cancellationToken);
            case "contributors":
                return await contributions.TrackAsync(repository, null, cancellationToken);
            default:
                return await reviewer.ReviewAsync(repository, Text("base"), Optional("head") ?? "HEAD", null, cancellationToken);
        }
    }

    async Task<string> RepositoryPathAsync(ToolCall invocation, CancellationToken cancellationToken)
    {
        var ignored = new List<string>();
        if (ToolInput.Text(invocation.Input, "repository", ignored, required: false) is { } name)
        {
            return (await registry.GetAsync(name, cancellationToken)).Path;
        }

        var directory = WorkspaceOf(invocation).Resolve(ToolInput.Text(invocation.Input, "path", ignored, required: false) ?? ".");
        if (!Directory.Exists(directory))
        {
            throw new LightningException(ErrorKind.NotFound, "git.path_not_found", $"'{WorkspaceOf(invocation).Relative(directory)}' does not exist in the workspace.");
        }

        return directory;
    }

    Core.Workspaces.Workspace WorkspaceOf(ToolCall invocation) =>
        invocation is { SharedWorkspace: true, Collaboration: { } collaboration }
            ? executor.SharedWorkspaceOf(collaboration)
            : executor.WorkspaceOf(invocation.Agent);

    static string RepositoryNameOf(string url)
    {
        var last = url.TrimEnd('/').Split('/', ':').Last();
        return last.EndsWith(".git", StringComparison.Ordinal) ? last[..^4] : last;
    }

    static bool IsNetworkUrl(string url) => GitRepositoryRegistry.IsNetworkUrl(url);
}
