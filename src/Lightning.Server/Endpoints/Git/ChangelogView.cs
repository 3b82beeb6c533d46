using Lightning.Git.Releases;

namespace Lightning.Server.Endpoints.Git;

/// <summary>A generated changelog and the format it is in (Markdown either way).</summary>
public sealed record ChangelogView(ChangelogFormat Format, string Text);
