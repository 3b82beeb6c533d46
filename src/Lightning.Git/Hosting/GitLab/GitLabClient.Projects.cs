namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    public Task<GitLabProject> GetProjectAsync(string project, CancellationToken cancellationToken) =>
        GetAsync<GitLabProject>($"projects/{ProjectSegment(project)}", cancellationToken);

    /// <summary>Projects the token's user is a member of (all pages), optionally filtered by a search term.</summary>
    public Task<IReadOnlyList<GitLabProject>> ListProjectsAsync(string? search, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabProject>($"projects{Query(("membership", "true"), ("simple", "true"), ("search", search))}", cancellationToken);
}
