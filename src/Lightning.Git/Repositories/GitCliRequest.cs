namespace Lightning.Git.Repositories;

/// <summary>
/// Extras for one git command. <see cref="Environment"/> carries per-call settings such as credentials passed as
/// <c>GIT_CONFIG_KEY_n</c>/<c>GIT_CONFIG_VALUE_n</c>, which keeps them out of the argument list (visible in <c>ps</c>).
/// </summary>
public sealed record GitCliRequest
{
    /// <summary>Written to the command's standard input, then closed (for <c>commit -F -</c>, <c>hash-object --stdin</c>).</summary>
    public string? StandardInput { get; init; }

    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Exit codes that are answers rather than failures (<c>merge-tree</c> exits 1 on conflicts).</summary>
    public IReadOnlyList<int> AcceptedExitCodes { get; init; } = [0];

    /// <summary>Overrides <see cref="GitOptions.CommandTimeoutSeconds"/>.</summary>
    public TimeSpan? Timeout { get; init; }
}
