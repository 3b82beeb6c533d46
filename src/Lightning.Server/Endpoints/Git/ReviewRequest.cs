namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Review the change from <paramref name="Base"/> to <paramref name="Head"/> (from their merge base unless
/// <paramref name="UseMergeBase"/> is false). Rule ids in <paramref name="DisabledRules"/> are skipped; null settings
/// keep the reviewer's defaults. With <paramref name="Post"/> the findings' diff-line comments are posted to pull
/// request (GitHub) or merge request (GitLab) <paramref name="ChangeNumber"/> through the repository's hosting connection.
/// </summary>
public sealed record ReviewRequest(
    string Base,
    string Head,
    IReadOnlyList<string>? DisabledRules = null,
    long? LargeFileBytes = null,
    IReadOnlyList<string>? TodoMarkers = null,
    bool? UseMergeBase = null,
    bool? Post = null,
    long? ChangeNumber = null);
