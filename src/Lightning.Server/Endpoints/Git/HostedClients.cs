using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Registry;

namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// For routes one provider alone offers: the repository's client when it is that provider's, otherwise
/// <c>git.provider_unsupported</c> (400) before anything is sent.
/// </summary>
internal static class HostedClients
{
    public static Task<T> WithGitHubAsync<T>(
        string name, GitRepositoryRegistry registry, HostingConnectionStore connections, Func<GitHubHostingClient, string, Task<T>> action,
        CancellationToken cancellationToken) =>
        GitHostingEndpoints.WithClientAsync(name, registry, connections,
            (client, hosted) => client is GitHubHostingClient github ? action(github, hosted) : throw GitHostingEndpoints.Unsupported(client),
            cancellationToken);

    public static Task<T> WithGitLabAsync<T>(
        string name, GitRepositoryRegistry registry, HostingConnectionStore connections, Func<GitLabClient, string, Task<T>> action,
        CancellationToken cancellationToken) =>
        GitHostingEndpoints.WithClientAsync(name, registry, connections,
            (client, hosted) => client is GitLabClient gitlab ? action(gitlab, hosted) : throw GitHostingEndpoints.Unsupported(client),
            cancellationToken);

    /// <summary>An id from a route: providers number from 1, so zero and negatives are a 400 naming the field.</summary>
    public static void RequirePositive(long id, string field = "id") =>
        new Validator().Require(id > 0, field, "An id is a positive whole number.").ThrowIfInvalid();
}
