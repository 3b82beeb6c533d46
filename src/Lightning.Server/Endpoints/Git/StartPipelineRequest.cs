namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Start a pipeline on <paramref name="Ref"/> (branch or tag). GitHub: a <c>workflow_dispatch</c> of
/// <paramref name="Workflow"/> (file name such as <c>build.yml</c>, or its numeric id) with <paramref name="Inputs"/>.
/// GitLab: a new pipeline with <paramref name="Variables"/> (no workflow; GitLab runs the project's <c>.gitlab-ci.yml</c>).
/// </summary>
public sealed record StartPipelineRequest(
    string Ref,
    string? Workflow = null,
    IReadOnlyDictionary<string, string>? Inputs = null,
    IReadOnlyDictionary<string, string>? Variables = null);
