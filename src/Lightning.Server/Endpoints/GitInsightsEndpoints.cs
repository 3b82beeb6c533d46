using Lightning.Core.Errors;
using Lightning.Git.Insights;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Registry;
using Lightning.Git.Review;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Lightning.Server.Endpoints;

/// <summary>Read-only analyses of a registered repository: predicted conflicts, history insights, contributors and code review.</summary>
public static class GitInsightsEndpoints
{
    const int MaxWindowDays = 36_500;

    public static RouteGroupBuilder MapGitInsightsEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/predicted-conflicts", PredictConflictsAsync).WithSummary("Which pairs of active branches would conflict when merged, and on which files");
        group.MapGet("/insights", InsightsAsync).WithSummary("Hotspots, change coupling, bus factor per folder and commit frequency");
        group.MapGet("/contributors", ContributorsAsync).WithSummary("Per author commits, lines, files, reviews and activity");

        // Read-only, but it may spend a configured LLM's tokens: an operator's call.
        group.MapPost("/review", ReviewAsync)
            .WithSummary("Review the change between two refs (rules, plus the LLM reviewer when configured); post: true posts the comments to a pull/merge request")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Ok<ConflictPrediction>> PredictConflictsAsync(
        string name, int? windowDays, bool? remotes, string? defaultBranch, GitRepositoryRegistry registry, ConflictPredictor predictor,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();

        // windowDays=0 means every branch, however old: the predictor's "null window".
        var days = GitQuery.Bounded(validator, "windowDays", windowDays, 90, 0, MaxWindowDays);
        validator.ThrowIfInvalid();
        var request = new ConflictPredictionRequest
        {
            IncludeRemoteBranches = remotes ?? false,
            ActiveWithin = days == 0 ? null : TimeSpan.FromDays(days),
            DefaultBranch = GitRepositoryEndpoints.Blank(defaultBranch),
        };
        return TypedResults.Ok(await predictor.PredictAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request, cancellationToken));
    }

    static async Task<Ok<HistoryAnalysis>> InsightsAsync(
        string name,
        string? revision,
        string? since,
        string? until,
        [FromQuery] string[]? path,
        string? bucket,
        bool? firstParent,
        bool? renames,
        GitRepositoryRegistry registry,
        HistoryAnalyzer analyzer,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var options = new HistoryAnalysisOptions
        {
            Filter = Filter(validator, revision, since, until, path, firstParent),
            Bucket = GitQuery.Enum<FrequencyBucket>(validator, "bucket", bucket) ?? FrequencyBucket.Week,
            DetectRenames = renames ?? false,
        };
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await analyzer.AnalyzeAsync(await GitQuery.PathAsync(registry, name, cancellationToken), options, cancellationToken));
    }

    static async Task<Ok<IReadOnlyList<Contribution>>> ContributorsAsync(
        string name,
        string? revision,
        string? since,
        string? until,
        [FromQuery] string[]? path,
        GitRepositoryRegistry registry,
        ContributionTracker tracker,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();
        var options = new ContributionOptions { Filter = Filter(validator, revision, since, until, path, firstParent: null) };
        validator.ThrowIfInvalid();
        return TypedResults.Ok(await tracker.TrackAsync(await GitQuery.PathAsync(registry, name, cancellationToken), options, cancellationToken));
    }

    static async Task<Ok<ReviewView>> ReviewAsync(
        string name, ReviewRequest request, GitRepositoryRegistry registry, HostingConnectionStore connections, CodeReviewer reviewer,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var post = request.Post ?? false;
        new Validator()
            .Require(!string.IsNullOrWhiteSpace(request.Base), "base", "Give the base ref (what the change goes into).")
            .Require(!string.IsNullOrWhiteSpace(request.Head), "head", "Give the head ref (the change).")
            .Require(!post || request.ChangeNumber is > 0 and <= int.MaxValue, "changeNumber",
                "Give the pull request (GitHub) or merge request (GitLab) number to post the comments to.")
            .ThrowIfInvalid();
        var defaults = new CodeReviewOptions();
        var options = defaults with
        {
            DisabledRules = request.DisabledRules is null ? null : new HashSet<string>(request.DisabledRules, StringComparer.Ordinal),
            LargeFileBytes = request.LargeFileBytes ?? defaults.LargeFileBytes,
            TodoMarkers = request.TodoMarkers ?? defaults.TodoMarkers,
            UseMergeBase = request.UseMergeBase ?? defaults.UseMergeBase,
        };
        var review = await reviewer.ReviewAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request.Base, request.Head, options, cancellationToken);
        var comments = review.ToReviewComments();
        if (!post)
        {
            return TypedResults.Ok(new ReviewView(review, comments, review.ToSummary()));
        }

        // The review runs first, so one that fails posts nothing.
        var posted = await new HostedRepository(name, registry, connections, cancellationToken)
            .CallAsync((client, hosted) => client.PostReviewCommentsAsync(hosted, (int)request.ChangeNumber!.Value, comments, cancellationToken));
        return TypedResults.Ok(new ReviewView(review, comments, review.ToSummary(), posted));
    }

    static HistoryFilter Filter(Validator validator, string? revision, string? since, string? until, string[]? path, bool? firstParent) => new()
    {
        Range = GitRepositoryEndpoints.Blank(revision),
        Since = GitQuery.Date(validator, "since", since),
        Until = GitQuery.Date(validator, "until", until),
        Paths = GitQuery.Paths(path),
        FirstParent = firstParent ?? false,
    };
}
