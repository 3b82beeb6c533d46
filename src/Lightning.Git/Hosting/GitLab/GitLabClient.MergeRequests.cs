using Lightning.Core.Errors;

namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    public Task<GitLabMergeRequest> CreateMergeRequestAsync(string project, GitLabMergeRequestCreate request, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabMergeRequest>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/merge_requests", request, cancellationToken);

    public Task<GitLabMergeRequest> GetMergeRequestAsync(string project, long iid, CancellationToken cancellationToken) =>
        GetAsync<GitLabMergeRequest>($"projects/{ProjectSegment(project)}/merge_requests/{iid}", cancellationToken);

    public Task<GitLabMergeRequest> UpdateMergeRequestAsync(string project, long iid, GitLabMergeRequestUpdate update, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabMergeRequest>(HttpMethod.Put, $"projects/{ProjectSegment(project)}/merge_requests/{iid}", update, cancellationToken);

    /// <summary>Merge requests of a project (all pages). <paramref name="state"/>: opened, closed, locked, merged or null for all.</summary>
    public Task<IReadOnlyList<GitLabMergeRequest>> ListMergeRequestsAsync(string project, string? state, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabMergeRequest>($"projects/{ProjectSegment(project)}/merge_requests{Query(("state", state))}", cancellationToken);

    /// <summary>Approves as the token's user; with <paramref name="sha"/>, only if the source branch is still at that commit.</summary>
    public Task ApproveMergeRequestAsync(string project, long iid, string? sha, CancellationToken cancellationToken) =>
        SendNoContentAsync(HttpMethod.Post, $"projects/{ProjectSegment(project)}/merge_requests/{iid}/approve", new ApproveBody(sha), cancellationToken);

    /// <summary>
    /// Merges. GitLab answers 405/406 (not mergeable: draft, conflicts, pipeline required) and 409 (the source branch
    /// moved past <see cref="GitLabMergeOptions.Sha"/>), both as <c>gitlab.conflict</c>.
    /// </summary>
    public Task<GitLabMergeRequest> MergeMergeRequestAsync(string project, long iid, GitLabMergeOptions options, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabMergeRequest>(HttpMethod.Put, $"projects/{ProjectSegment(project)}/merge_requests/{iid}/merge", options, cancellationToken);

    /// <summary>
    /// Starts a discussion on line <paramref name="newLine"/> of <paramref name="path"/> in the new version of the diff,
    /// positioned by the merge request's <see cref="GitLabDiffRefs"/> (read it with <see cref="GetMergeRequestAsync"/>).
    /// </summary>
    public Task<GitLabDiscussion> CommentOnDiffLineAsync(
        string project, long iid, GitLabDiffRefs diffRefs, string path, int newLine, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(diffRefs);
        var file = RepositoryPath(path);
        if (newLine < 1)
        {
            throw new LightningException(ErrorKind.Invalid, "gitlab.invalid_argument", "A diff line number starts at 1.");
        }

        var position = new DiffPosition("text", diffRefs.BaseSha, diffRefs.StartSha, diffRefs.HeadSha, file, newLine, file);
        return SendJsonAsync<GitLabDiscussion>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/merge_requests/{iid}/discussions",
            new DiscussionBody(body, position), cancellationToken);
    }

    public Task<IReadOnlyList<GitLabDiscussion>> ListMergeRequestDiscussionsAsync(string project, long iid, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabDiscussion>($"projects/{ProjectSegment(project)}/merge_requests/{iid}/discussions", cancellationToken);

    /// <summary>A file path inside the repository: relative, no <c>..</c> segments, forward slashes.</summary>
    internal static string RepositoryPath(string path)
    {
        var normalised = (path ?? string.Empty).Replace('\\', '/');
        var segments = normalised.Split('/');
        if (normalised.Length == 0 || normalised.StartsWith('/') || Path.IsPathRooted(path)
            || segments.Any(segment => segment is ".." or "." || segment.Length == 0))
        {
            throw new LightningException(ErrorKind.Invalid, "gitlab.invalid_path",
                $"'{path}' is not a file path inside the repository (relative, without '.', '..' or empty segments).");
        }

        return normalised;
    }

    sealed record ApproveBody(string? Sha);

    sealed record DiscussionBody(string Body, DiffPosition Position);

    sealed record DiffPosition(string PositionType, string BaseSha, string StartSha, string HeadSha, string NewPath, int NewLine, string OldPath);
}
