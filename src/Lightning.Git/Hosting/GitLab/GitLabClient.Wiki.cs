namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    /// <summary>The project's wiki pages, without their content.</summary>
    public Task<IReadOnlyList<GitLabWikiPage>> ListWikiPagesAsync(string project, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabWikiPage>($"projects/{ProjectSegment(project)}/wikis", cancellationToken);

    /// <summary>One page with its content; <paramref name="slug"/> may contain <c>/</c> (pages in folders) and is URL-encoded.</summary>
    public Task<GitLabWikiPage> GetWikiPageAsync(string project, string slug, CancellationToken cancellationToken) =>
        GetAsync<GitLabWikiPage>($"projects/{ProjectSegment(project)}/wikis/{Segment(slug, "wiki page slug")}", cancellationToken);

    public Task<GitLabWikiPage> CreateWikiPageAsync(string project, GitLabWikiPageWrite page, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabWikiPage>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/wikis", page, cancellationToken);

    public Task<GitLabWikiPage> UpdateWikiPageAsync(string project, string slug, GitLabWikiPageWrite page, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabWikiPage>(HttpMethod.Put, $"projects/{ProjectSegment(project)}/wikis/{Segment(slug, "wiki page slug")}", page, cancellationToken);
}
