namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    public Task<IReadOnlyList<GitLabRegistryRepository>> ListRegistryRepositoriesAsync(string project, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabRegistryRepository>($"projects/{ProjectSegment(project)}/registry/repositories", cancellationToken);

    public Task<IReadOnlyList<GitLabRegistryTag>> ListRegistryTagsAsync(string project, long repositoryId, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabRegistryTag>($"projects/{ProjectSegment(project)}/registry/repositories/{repositoryId}/tags", cancellationToken);

    public Task DeleteRegistryTagAsync(string project, long repositoryId, string tag, CancellationToken cancellationToken) =>
        SendNoContentAsync(HttpMethod.Delete,
            $"projects/{ProjectSegment(project)}/registry/repositories/{repositoryId}/tags/{Segment(tag, "tag name")}", body: null, cancellationToken);
}
