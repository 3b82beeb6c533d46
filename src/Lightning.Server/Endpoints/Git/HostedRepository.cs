using Lightning.Core.Errors;
using Lightning.Git.Hosting;
using Lightning.Git.Hosting.GitHub;
using Lightning.Git.Hosting.GitLab;
using Lightning.Git.Registry;
using Microsoft.AspNetCore.Mvc;

namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// The registered repository a <c>/repositories/{name}/...</c> route names, with what reaches its hosted repository. A
/// handler takes it with <c>[AsParameters]</c> and calls the provider through it, so the lookup of the connection, the
/// client's lifetime and the answer for a provider that lacks a route are written once, here.
/// </summary>
internal sealed class HostedRepository(
    [FromRoute(Name = "name")] string name, GitRepositoryRegistry registry, HostingConnectionStore connections, CancellationToken cancellationToken)
{
    /// <summary>The repository's name in the registry (the route's <c>{name}</c>).</summary>
    public string Name { get; } = name;

    public GitRepositoryRegistry Registry { get; } = registry;

    public HostingConnectionStore Connections { get; } = connections;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>The API's address of <paramref name="path"/> under this repository, e.g. <c>Url("webhooks/12")</c>.</summary>
    public string Url(string path) => $"/api/v2/git/repositories/{Uri.EscapeDataString(Name)}/{path}";

    /// <summary>
    /// Runs <paramref name="action"/> with a client for the repository's connection and its name at the provider;
    /// a repository without both is a <c>git.no_connection</c> error. The client (and its token) lives only for the call.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<IGitHostingClient, string, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var repository = await Registry.GetAsync(Name, CancellationToken);
        if (repository.Connection is not { } connection || string.IsNullOrWhiteSpace(repository.HostedRepository))
        {
            throw new LightningException(ErrorKind.Invalid, "git.no_connection",
                $"Repository '{Name}' is not linked to a hosting connection and a hosted repository; add a connection (POST /api/v2/git/connections) "
                + "and register the repository with connection and hostedRepository (owner/name on GitHub, group/project on GitLab).");
        }

        var client = await Connections.CreateClientAsync(connection, CancellationToken);
        try
        {
            return await action(client, repository.HostedRepository);
        }
        finally
        {
            (client as IDisposable)?.Dispose();
        }
    }

    /// <summary>
    /// Runs the action given for the repository's provider; a provider without one is <c>git.provider_unsupported</c>
    /// (400), answered before anything is sent.
    /// </summary>
    public Task<T> ByProviderAsync<T>(Func<GitHubHostingClient, string, Task<T>>? github = null, Func<GitLabClient, string, Task<T>>? gitlab = null) =>
        CallAsync((client, hosted) => client switch
        {
            GitHubHostingClient gitHubClient when github is not null => github(gitHubClient, hosted),
            GitLabClient gitLabClient when gitlab is not null => gitlab(gitLabClient, hosted),
            _ => throw new LightningException(ErrorKind.Invalid, "git.provider_unsupported", $"The '{client.Provider}' provider does not offer this."),
        });

    /// <inheritdoc cref="ByProviderAsync{T}"/>
    public Task ByProviderAsync(Func<GitHubHostingClient, string, Task>? github = null, Func<GitLabClient, string, Task>? gitlab = null) =>
        ByProviderAsync<bool>(
            github is null ? null : async (client, hosted) =>
            {
                await github(client, hosted);
                return true;
            },
            gitlab is null ? null : async (client, hosted) =>
            {
                await gitlab(client, hosted);
                return true;
            });
}
