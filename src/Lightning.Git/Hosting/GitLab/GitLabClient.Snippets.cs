namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    public Task<GitLabSnippet> CreateSnippetAsync(string project, GitLabSnippetCreate snippet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        var body = new SnippetBody(snippet.Title, snippet.Description, snippet.Visibility, [new SnippetFile(snippet.FileName, snippet.Content)]);
        return SendJsonAsync<GitLabSnippet>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/snippets", body, cancellationToken);
    }

    /// <summary>The snippet's content as text.</summary>
    public Task<string> GetSnippetRawAsync(string project, long snippetId, CancellationToken cancellationToken) =>
        GetTextAsync($"projects/{ProjectSegment(project)}/snippets/{snippetId}/raw", cancellationToken);

    public Task<IReadOnlyList<GitLabSnippet>> ListSnippetsAsync(string project, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabSnippet>($"projects/{ProjectSegment(project)}/snippets", cancellationToken);

    sealed record SnippetBody(string Title, string? Description, string Visibility, IReadOnlyList<SnippetFile> Files);

    sealed record SnippetFile(string FilePath, string Content);
}
