namespace Lightning.Server.Git;

/// <summary>
/// Starts a collaboration when a matching webhook event arrives: <see cref="TaskFile"/> is a task (JSON or YAML, as
/// <c>collaborate submit</c> takes) whose subtasks read the event as <c>${inputs.repository}</c>, <c>${inputs.branch}</c>,
/// <c>${inputs.after}</c>, <c>${inputs.before}</c>, <c>${inputs.cloneUrl}</c>, <c>${inputs.sender}</c> and
/// <c>${inputs.deliveryId}</c> (and <c>${inputs.connection}</c> when it came through a connection's route). Empty
/// filters match anything.
/// </summary>
public sealed class GitTrigger
{
    /// <summary><c>github</c> or <c>gitlab</c>; empty for both.</summary>
    public string? Provider { get; set; }

    /// <summary>The provider's event name: <c>push</c> on GitHub, <c>Push Hook</c> on GitLab. Default: pushes on either.</summary>
    public string? Event { get; set; }

    /// <summary><c>owner/name</c> (GitHub) or the project path (GitLab).</summary>
    public string? Repository { get; set; }

    public string? Branch { get; set; }

    /// <summary>
    /// A hosting connection's name: only deliveries to <c>/webhooks/{provider}/{connection}</c> for it match (not those to
    /// the provider-wide route). Empty: any route.
    /// </summary>
    public string? Connection { get; set; }

    /// <summary>Absolute path of the task file on the server.</summary>
    public string TaskFile { get; set; } = string.Empty;
}
