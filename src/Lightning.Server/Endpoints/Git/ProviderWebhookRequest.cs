namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A repository webhook at GitHub posting JSON to <paramref name="Url"/> for <paramref name="Events"/> (default
/// <c>push</c>), signed with <paramref name="Secret"/>. The secret is sent to GitHub only; no answer carries it.
/// </summary>
public sealed record ProviderWebhookRequest(string Url, string Secret, IReadOnlyList<string>? Events = null);
