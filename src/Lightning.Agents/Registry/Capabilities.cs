namespace Lightning.Agents.Registry;

/// <summary>The capabilities that actions need. Roles add domain capabilities (security, database, ...) that planners match on.</summary>
public static class Capabilities
{
    public const string Command = "command";
    public const string Files = "files";
    public const string Llm = "llm";
    public const string RepositoryAnalysis = "repository-analysis";

    /// <summary>Runs the git tool: clone, commit, branch, merge, tag, release, conflicts, insights, review.</summary>
    public const string Git = "git";

    /// <summary>Runs the test tool: detect a repository's test frameworks, run them, report totals and failures.</summary>
    public const string Testing = "testing";

    /// <summary>Runs the monitor tool: query metrics, watch a deployment's health (a canary against its baseline).</summary>
    public const string Monitoring = "monitoring";
}
