namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    /// <summary>Runs a new pipeline for <paramref name="reference"/> (branch or tag) with <paramref name="variables"/>.</summary>
    public Task<GitLabPipeline> TriggerPipelineAsync(
        string project, string reference, IReadOnlyList<GitLabPipelineVariable> variables, CancellationToken cancellationToken) =>
        SendJsonAsync<GitLabPipeline>(HttpMethod.Post, $"projects/{ProjectSegment(project)}/pipeline",
            new PipelineBody(reference, variables ?? []), cancellationToken);

    public Task<GitLabPipeline> GetPipelineAsync(string project, long pipelineId, CancellationToken cancellationToken) =>
        GetAsync<GitLabPipeline>($"projects/{ProjectSegment(project)}/pipelines/{pipelineId}", cancellationToken);

    /// <summary>Pipelines of a project, newest first (all pages), optionally for one ref and/or status.</summary>
    public Task<IReadOnlyList<GitLabPipeline>> ListPipelinesAsync(string project, string? reference, string? status, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabPipeline>($"projects/{ProjectSegment(project)}/pipelines{Query(("ref", reference), ("status", status))}", cancellationToken);

    public Task<IReadOnlyList<GitLabJob>> ListPipelineJobsAsync(string project, long pipelineId, CancellationToken cancellationToken) =>
        GetAllAsync<GitLabJob>($"projects/{ProjectSegment(project)}/pipelines/{pipelineId}/jobs", cancellationToken);

    sealed record PipelineBody(string Ref, IReadOnlyList<GitLabPipelineVariable> Variables);
}
