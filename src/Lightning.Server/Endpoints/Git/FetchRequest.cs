namespace Lightning.Server.Endpoints.Git;

/// <summary>Fetch from <paramref name="Remote"/> (<c>origin</c> when null); <paramref name="Prune"/> drops remote-tracking branches gone upstream.</summary>
public sealed record FetchRequest(string? Remote = null, bool Prune = false);
