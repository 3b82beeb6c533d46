namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    /// <summary>Issues of a project (all pages). <paramref name="state"/>: opened, closed or null for all.</summary>
    public Task<IReadOnlyList<GitLabIssue>> ListIssuesAsync(string project, string? state, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabIssue>($"projects/{ProjectSegment(project)}/issues{Query(("state", state))}", cancellationToken);

    public Task<GitLabIssue> GetIssueAsync(string project, long iid, CancellationToken cancellationToken) =>
        GetAsync<GitLabIssue>($"projects/{ProjectSegment(project)}/issues/{iid}", cancellationToken);

    public Task<GitLabIssue> CreateIssueAsync(string project, GitLabIssueCreate issue, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/issues", issue, cancellationToken);

    public Task<GitLabIssue> UpdateIssueAsync(string project, long iid, GitLabIssueUpdate update, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabIssue>(HttpMethod.Put, $"projects/{ProjectSegment(project)}/issues/{iid}", update, cancellationToken);

    public Task<GitLabNote> AddIssueNoteAsync(string project, long iid, string body, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabNote>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/issues/{iid}/notes", new NoteBody(body), cancellationToken);

    /// <summary>The project's issue boards with their lists.</summary>
    public Task<IReadOnlyList<GitLabBoard>> ListBoardsAsync(string project, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabBoard>($"projects/{ProjectSegment(project)}/boards", cancellationToken);

    public Task<IReadOnlyList<GitLabBoardList>> ListBoardListsAsync(string project, long boardId, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabBoardList>($"projects/{ProjectSegment(project)}/boards/{boardId}/lists", cancellationToken);

    sealed record NoteBody(string Body);
}
