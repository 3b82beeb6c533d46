namespace Lightning.Git.Repositories;

/// <summary>
/// How to clone. <see cref="Token"/> is sent to HTTPS remotes as an <c>Authorization: Basic</c> header
/// (<see cref="TokenUserName"/>:token) through git's environment configuration, never in the URL, the arguments or a log.
/// </summary>
public sealed record GitCloneOptions
{
    public string? Branch { get; init; }

    /// <summary>A shallow clone of this many commits; git ignores it for plain local paths (use <c>file://</c>).</summary>
    public int? Depth { get; init; }

    public string? Token { get; init; }

    /// <summary>GitHub accepts <c>x-access-token</c>; GitLab takes any name with a personal access token (<c>oauth2</c> for OAuth tokens).</summary>
    public string TokenUserName { get; init; } = "x-access-token";

    public bool Bare { get; init; }
}
