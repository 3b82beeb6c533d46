namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// The repository (GitHub) or project (GitLab) a registered repository is linked to. <paramref name="FullName"/> is
/// <c>owner/name</c> or <c>group/project</c>; <paramref name="Visibility"/> is <c>public</c>, <c>private</c> or (GitLab)
/// <c>internal</c>.
/// </summary>
public sealed record HostedRepositoryView(
    string Provider, long Id, string Name, string FullName, string? DefaultBranch, string? Visibility, string Url, string? CloneUrl);
