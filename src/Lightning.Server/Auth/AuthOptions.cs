namespace Lightning.Server.Auth;

/// <summary>Bound from <c>Lightning:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Lightning:Auth";

    /// <summary>
    /// Opt-in for local use: requests from loopback without a key act as an admin named 'local'.
    /// Off by default, because anything on the machine could then drive the agents.
    /// </summary>
    public bool AllowAnonymousLoopback { get; set; }
}
