namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A GitHub workflow dispatch was accepted. GitHub answers without the run it starts, so there is no run id here:
/// <paramref name="Message"/> says where the run shows up.
/// </summary>
public sealed record PipelineDispatchView(string Provider, string Workflow, string Ref, string Message);
