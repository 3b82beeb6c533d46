using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Hosting.GitHub;

/// <summary>
/// Makes a <see cref="GitHubHostingClient"/> per connection (host + token): tokens belong to users and repositories,
/// not to the process, so the client cannot be one singleton. The caller decrypts the stored token, creates a client,
/// uses it and disposes it.
/// </summary>
public sealed class GitHubClientFactory(IOptions<GitHubOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    /// <param name="baseUrl">null for github.com, else the GitHub Enterprise Server host.</param>
    public GitHubHostingClient Create(Uri? baseUrl, string token) =>
        new(baseUrl, token, options.Value, timeProvider, loggerFactory.CreateLogger<GitHubHostingClient>());
}
