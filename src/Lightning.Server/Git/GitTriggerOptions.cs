namespace Lightning.Server.Git;

/// <summary><c>Lightning:Git:Triggers</c>: webhook events that start collaborations.</summary>
public sealed class GitTriggerOptions
{
    public const string SectionName = "Lightning:Git";

    public IList<GitTrigger> Triggers { get; } = [];
}
