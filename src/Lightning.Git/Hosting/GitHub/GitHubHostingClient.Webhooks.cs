using Lightning.Core.Errors;
using Octokit;

namespace Lightning.Git.Hosting.GitHub;

public sealed partial class GitHubHostingClient
{
    /// <summary>
    /// Creates a repository hook that posts JSON to <paramref name="url"/> for <paramref name="events"/>, signed with
    /// <paramref name="secret"/> (GitHub's <c>X-Hub-Signature-256</c>). The secret goes only into the request body.
    /// </summary>
    public Task<GitHubWebhook> CreateWebhookAsync(
        string repository, Uri url, string secret, IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var (owner, name) = Split(repository);
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new LightningException(ErrorKind.Invalid, "github.invalid_webhook", "A webhook needs an absolute http(s) URL.");
        }

        if (string.IsNullOrEmpty(secret))
        {
            // Unsigned deliveries are rejected by the platform's receiver, so a hook without a secret would never work.
            throw new LightningException(ErrorKind.Invalid, "github.invalid_webhook", "A webhook needs a secret to sign its deliveries.");
        }

        var config = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["url"] = url.ToString(),
            ["content_type"] = "json",
            ["secret"] = secret,
            ["insecure_ssl"] = "0",
        };
        var hook = new NewRepositoryHook("web", config) { Events = events.Count == 0 ? ["push"] : events, Active = true };
        return CallAsync($"creating a webhook in {repository}", async () => ToWebhook(await _octokit.Repository.Hooks.Create(owner, name, hook)), cancellationToken);
    }

    public Task<IReadOnlyList<GitHubWebhook>> ListWebhooksAsync(string repository, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"webhooks of {repository}", async () =>
            (IReadOnlyList<GitHubWebhook>)(await _octokit.Repository.Hooks.GetAll(owner, name)).Select(ToWebhook).ToList(), cancellationToken);
    }

    public Task DeleteWebhookAsync(string repository, int hookId, CancellationToken cancellationToken)
    {
        var (owner, name) = Split(repository);
        return CallAsync($"deleting webhook {hookId} of {repository}", () => _octokit.Repository.Hooks.Delete(owner, name, hookId), cancellationToken);
    }

    static GitHubWebhook ToWebhook(RepositoryHook hook)
    {
        var config = hook.Config ?? new Dictionary<string, string>();
        return new GitHubWebhook(
            hook.Id, config.TryGetValue("url", out var url) ? url : string.Empty,
            config.TryGetValue("content_type", out var contentType) ? contentType : "form",
            hook.Events?.ToList() ?? [], hook.Active);
    }
}
