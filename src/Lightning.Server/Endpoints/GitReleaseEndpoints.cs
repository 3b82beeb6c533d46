using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Lightning.Core.Errors;
using Lightning.Git.Registry;
using Lightning.Git.Releases;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Lightning.Server.Endpoints;

/// <summary>Next version, changelog and release cutting of a registered repository (Conventional Commits and semver).</summary>
public static class GitReleaseEndpoints
{
    public static RouteGroupBuilder MapGitReleaseEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/next-version", NextVersionAsync).WithSummary("The next version from the commits since the last release, with its changelog section");
        group.MapGet("/changelog", ChangelogAsync).WithSummary("The changelog (git-cliff's default or Keep a Changelog); Markdown with Accept: text/markdown");
        group.MapPost("/release", ReleaseAsync).WithSummary("Tag the next version and commit its changelog section")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Ok<ReleasePlan>> NextVersionAsync(
        string name, string? package, string? pre, string? build, GitRepositoryRegistry registry, ReleasePlanner planner, CancellationToken cancellationToken)
    {
        var request = new ReleasePlanRequest(GitRepositoryEndpoints.Blank(package), GitRepositoryEndpoints.Blank(pre), GitRepositoryEndpoints.Blank(build));
        return TypedResults.Ok(await planner.PlanAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request, cancellationToken));
    }

    static async Task<Results<Ok<ChangelogView>, ContentHttpResult>> ChangelogAsync(
        string name, string? format, bool? unreleased, string? package, HttpRequest http, GitRepositoryRegistry registry, ChangelogGenerator changelogs,
        CancellationToken cancellationToken)
    {
        var validator = new Validator();

        // Templates are files on the server's disk: not something an API caller may point at.
        var chosen = GitQuery.Enum(validator, "format", format, ChangelogFormat.Default, ChangelogFormat.KeepAChangelog) ?? ChangelogFormat.Default;
        validator.ThrowIfInvalid();
        var request = new ChangelogRequest(GitRepositoryEndpoints.Blank(package), chosen, UnreleasedOnly: unreleased ?? false);
        var text = await changelogs.GenerateAsync(await GitQuery.PathAsync(registry, name, cancellationToken), request, cancellationToken);
        return WantsMarkdown(http)
            ? TypedResults.Text(text, "text/markdown; charset=utf-8")
            : TypedResults.Ok(new ChangelogView(chosen, text));
    }

    static async Task<Created<ReleaseResult>> ReleaseAsync(
        string name, [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] CutReleaseRequest? request, GitRepositoryRegistry registry, ReleasePlanner planner, CancellationToken cancellationToken)
    {
        request ??= new CutReleaseRequest();
        var plan = new ReleasePlanRequest(
            GitRepositoryEndpoints.Blank(request.Package), GitRepositoryEndpoints.Blank(request.Pre), GitRepositoryEndpoints.Blank(request.Build));
        var changelogPath = request.NoChangelog ? null : GitRepositoryEndpoints.Blank(request.ChangelogPath) ?? "CHANGELOG.md";
        var result = await planner.ReleaseAsync(await GitQuery.PathAsync(registry, name, cancellationToken), new ReleaseRequest(plan, changelogPath), cancellationToken);
        return TypedResults.Created($"/api/v2/git/repositories/{name}/tags/{Uri.EscapeDataString(result.Tag)}", result);
    }

    // JSON stays the default (the typed clients ask for it); Markdown only when the caller prefers it to JSON.
    static bool WantsMarkdown(HttpRequest http)
    {
        if (!MediaTypeHeaderValue.TryParseList(http.Headers.Accept, out var accepted))
        {
            return false;
        }

        static double Quality(MediaTypeHeaderValue value) => value.Quality ?? 1.0;
        var markdown = accepted.Where(value => value.MediaType.Equals("text/markdown", StringComparison.OrdinalIgnoreCase)).Select(Quality).DefaultIfEmpty(-1).Max();
        var json = accepted.Where(value => value.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(Quality).DefaultIfEmpty(-1).Max();
        return markdown > 0 && markdown > json;
    }
}
