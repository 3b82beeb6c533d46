namespace Lightning.Git.Registry;

/// <summary>
/// A GitHub or GitLab account to store: <paramref name="Provider"/> is <c>github</c> or <c>gitlab</c>;
/// <paramref name="BaseUrl"/> defaults to <c>https://api.github.com</c> or <c>https://gitlab.com</c> (give the host of a
/// GitHub Enterprise Server or self-managed GitLab otherwise). The token and webhook secret are kept only encrypted.
/// </summary>
public sealed record HostingConnectionRegistration(
    string Name,
    string Provider,
    string Token,
    string? BaseUrl = null,
    string? WebhookSecret = null)
{
    // A record would print the token and the secret.
    public override string ToString() =>
        $"HostingConnectionRegistration {{ Name = {Name}, Provider = {Provider}, BaseUrl = {BaseUrl ?? "default"}, WebhookSecret = {(WebhookSecret is null ? "none" : "set")} }}";
}
