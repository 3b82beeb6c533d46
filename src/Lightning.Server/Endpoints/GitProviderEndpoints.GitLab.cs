using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitLab;
using Lightning.Server.Auth;
using Lightning.Server.Endpoints.Git;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>GitLab's own: snippets, wiki pages, container registry, protected branches, approval rules.</summary>
public static partial class GitProviderEndpoints
{
    static readonly string[] SnippetVisibilities = ["private", "internal", "public"];
    static readonly string[] WikiFormats = ["markdown", "rdoc", "asciidoc", "org"];

    static void MapGitLab(RouteGroupBuilder repository)
    {
        repository.MapGet("/snippets", ListSnippetsAsync).WithSummary("The GitLab project's snippets");
        repository.MapPost("/snippets", CreateSnippetAsync).WithSummary("Create a GitLab project snippet with one file")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapGet("/snippets/{id:long}/raw", GetSnippetRawAsync).WithSummary("A GitLab snippet's content, as plain text");

        repository.MapGet("/wiki", ListWikiPagesAsync).WithSummary("The GitLab project's wiki pages, without their content");
        repository.MapGet("/wiki/{*slug}", GetWikiPageAsync).WithSummary("One GitLab wiki page with its content (slugs may hold '/')");
        repository.MapPost("/wiki", CreateWikiPageAsync).WithSummary("Create a GitLab wiki page")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        repository.MapPut("/wiki/{*slug}", UpdateWikiPageAsync).WithSummary("Replace a GitLab wiki page's title, content and format")
            .RequireAuthorization(LightningClaims.Policies.Operator);

        repository.MapGet("/registry/repositories", ListRegistryRepositoriesAsync).WithSummary("The GitLab project's container registry repositories");
        repository.MapGet("/registry/repositories/{id:long}/tags", ListRegistryTagsAsync).WithSummary("The tags of a GitLab container registry repository");
        repository.MapDelete("/registry/repositories/{id:long}/tags/{tag}", DeleteRegistryTagAsync)
            .WithSummary("Delete a tag from a GitLab container registry repository")
            .RequireAuthorization(LightningClaims.Policies.Admin);

        repository.MapGet("/protected-branches", ListProtectedBranchesAsync).WithSummary("The GitLab project's protected branches and who may push and merge");

        repository.MapGet("/approval-rules", ListApprovalRulesAsync).WithSummary("The GitLab project's merge request approval rules (Premium)");
        repository.MapPost("/approval-rules", CreateApprovalRuleAsync).WithSummary("Create a GitLab approval rule")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        repository.MapPut("/approval-rules/{id:long}", UpdateApprovalRuleAsync).WithSummary("Replace a GitLab approval rule")
            .RequireAuthorization(LightningClaims.Policies.Admin);
        repository.MapDelete("/approval-rules/{id:long}", DeleteApprovalRuleAsync).WithSummary("Delete a GitLab approval rule")
            .RequireAuthorization(LightningClaims.Policies.Admin);
    }

    static async Task<Ok<IReadOnlyList<GitLabSnippet>>> ListSnippetsAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.ListSnippetsAsync(hosted, cancellationToken)));

    static async Task<Created<GitLabSnippet>> CreateSnippetAsync(
        [AsParameters] HostedRepository repository, CreateSnippetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Title) && request.Title.Length <= 255, "title", "Give the snippet a title of at most 255 characters.");
        validator.Require(IsSnippetFileName(request.FileName), "fileName",
            "Give the snippet's file name (e.g. notes.md): at most 255 characters, no '..' segment, no leading '/'.");
        validator.Require(!string.IsNullOrEmpty(request.Content), "content", "A snippet needs content.");
        var visibility = OneOf(validator, "visibility", request.Visibility, SnippetVisibilities);
        validator.ThrowIfInvalid();
        var snippet = new GitLabSnippetCreate
        {
            Title = request.Title.Trim(),
            FileName = request.FileName.Trim(),
            Content = request.Content,
            Description = request.Description,
            Visibility = visibility ?? "private",
        };
        var created = await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.CreateSnippetAsync(hosted, snippet, cancellationToken));
        return TypedResults.Created(repository.Url($"snippets/{created.Id}/raw"), created);
    }

    static async Task<ContentHttpResult> GetSnippetRawAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        var content = await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.GetSnippetRawAsync(hosted, id, cancellationToken));
        return TypedResults.Text(content, "text/plain; charset=utf-8");
    }

    static async Task<Ok<IReadOnlyList<GitLabWikiPage>>> ListWikiPagesAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.ListWikiPagesAsync(hosted, cancellationToken)));

    static async Task<Ok<GitLabWikiPage>> GetWikiPageAsync(
        [AsParameters] HostedRepository repository, string slug, CancellationToken cancellationToken)
    {
        var page = WikiSlug(slug);
        return TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.GetWikiPageAsync(hosted, page, cancellationToken)));
    }

    static async Task<Created<GitLabWikiPage>> CreateWikiPageAsync(
        [AsParameters] HostedRepository repository, WikiPageRequest request, CancellationToken cancellationToken)
    {
        var write = ToWikiPage(request);
        var created = await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.CreateWikiPageAsync(hosted, write, cancellationToken));
        return TypedResults.Created(repository.Url($"wiki/{created.Slug}"), created);
    }

    static async Task<Ok<GitLabWikiPage>> UpdateWikiPageAsync(
        [AsParameters] HostedRepository repository, string slug, WikiPageRequest request, CancellationToken cancellationToken)
    {
        var page = WikiSlug(slug);
        var write = ToWikiPage(request);
        return TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.UpdateWikiPageAsync(hosted, page, write, cancellationToken)));
    }

    static async Task<Ok<IReadOnlyList<GitLabRegistryRepository>>> ListRegistryRepositoriesAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.ListRegistryRepositoriesAsync(hosted, cancellationToken)));

    static async Task<Ok<IReadOnlyList<GitLabRegistryTag>>> ListRegistryTagsAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        return TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.ListRegistryTagsAsync(hosted, id, cancellationToken)));
    }

    static async Task<NoContent> DeleteRegistryTagAsync(
        [AsParameters] HostedRepository repository, long id, string tag, CancellationToken cancellationToken)
    {
        new Validator()
            .Require(id > 0, "id", "An id is a positive whole number.")
            .Require(ImageTagPattern().IsMatch(tag), "tag", $"'{tag}' is not an image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.")
            .ThrowIfInvalid();
        await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.DeleteRegistryTagAsync(hosted, id, tag, cancellationToken));
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<GitLabProtectedBranch>>> ListProtectedBranchesAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.ListProtectedBranchesAsync(hosted, cancellationToken)));

    static async Task<Ok<IReadOnlyList<GitLabApprovalRule>>> ListApprovalRulesAsync(
        [AsParameters] HostedRepository repository, CancellationToken cancellationToken) =>
        TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.ListApprovalRulesAsync(hosted, cancellationToken)));

    static async Task<Created<GitLabApprovalRule>> CreateApprovalRuleAsync(
        [AsParameters] HostedRepository repository, ApprovalRuleRequest request, CancellationToken cancellationToken)
    {
        var branches = ValidateApprovalRule(request);
        var created = await repository.ByProviderAsync(gitlab: (gitlab, hosted) =>
            gitlab.CreateApprovalRuleAsync(hosted, request.Name.Trim(), request.ApprovalsRequired, branches, cancellationToken));
        return TypedResults.Created(repository.Url($"approval-rules/{created.Id}"), created);
    }

    static async Task<Ok<GitLabApprovalRule>> UpdateApprovalRuleAsync(
        [AsParameters] HostedRepository repository, long id, ApprovalRuleRequest request, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        var branches = ValidateApprovalRule(request);
        return TypedResults.Ok(await repository.ByProviderAsync(gitlab: (gitlab, hosted) =>
            gitlab.UpdateApprovalRuleAsync(hosted, id, request.Name.Trim(), request.ApprovalsRequired, branches, cancellationToken)));
    }

    static async Task<NoContent> DeleteApprovalRuleAsync(
        [AsParameters] HostedRepository repository, long id, CancellationToken cancellationToken)
    {
        HostedInput.RequirePositive(id);
        await repository.ByProviderAsync(gitlab: (gitlab, hosted) => gitlab.DeleteApprovalRuleAsync(hosted, id, cancellationToken));
        return TypedResults.NoContent();
    }

    static List<long> ValidateApprovalRule(ApprovalRuleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var branches = request.ProtectedBranchIds ?? [];
        new Validator()
            .Require(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 255, "name", "Give the rule a name of at most 255 characters.")
            .Require(request.ApprovalsRequired is >= 0 and <= 100, "approvalsRequired", "Required approvals are 0 to 100.")
            .Require(branches.All(branch => branch > 0), "protectedBranchIds", "Protected branch ids are positive whole numbers (see GET .../protected-branches).")
            .ThrowIfInvalid();
        return branches.Distinct().ToList();
    }

    static GitLabWikiPageWrite ToWikiPage(WikiPageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(request.Title) && request.Title.Length <= 255, "title", "Give the page a title of at most 255 characters.");
        validator.Require(request.Content is not null, "content", "Give the page's content (it may be empty).");
        var format = OneOf(validator, "format", request.Format, WikiFormats);
        validator.ThrowIfInvalid();
        return new GitLabWikiPageWrite { Title = request.Title.Trim(), Content = request.Content ?? string.Empty, Format = format ?? "markdown" };
    }

    /// <summary>
    /// A wiki slug from the catch-all route segment (pages in folders have '/' in their slug, sent as is or as %2F).
    /// The client sends it as one encoded segment, so '..' could not climb at GitLab; it is refused as a slug no page has.
    /// </summary>
    static string WikiSlug(string? slug)
    {
        var value = GitQuery.RefFromRoute(slug ?? string.Empty).Trim('/');
        return value.Length is > 0 and <= 255 && !value.Split('/').Any(part => part is "" or "." or "..") && !value.Any(char.IsControl)
            ? value
            : throw GitHostingEndpoints.Invalid("slug", "Give the wiki page's slug, e.g. home or docs/setup (no empty, '.' or '..' segments).");
    }

    static bool IsSnippetFileName(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim() is var trimmed && trimmed.Length <= 255 && !trimmed.StartsWith('/')
        && !trimmed.Split('/', '\\').Any(part => part is "" or "." or "..") && !trimmed.Any(char.IsControl);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ImageTagPattern();
}
