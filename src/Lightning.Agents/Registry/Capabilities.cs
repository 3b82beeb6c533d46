namespace Lightning.Agents.Registry;

/// <summary>The capabilities that actions need. Roles add domain capabilities (security, database, ...) that planners match on.</summary>
public static class Capabilities
{
    public const string Command = "command";
    public const string Files = "files";
    public const string Llm = "llm";
    public const string RepositoryAnalysis = "repository-analysis";
}
