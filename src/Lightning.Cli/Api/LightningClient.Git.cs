using System.Globalization;
using Lightning.Git.Registry;
using Lightning.Server.Endpoints.Git;

namespace Lightning.Cli.Api;

/// <summary>Hosting connections and the pull/merge requests of registered repositories (<c>/api/v2/git/...</c>).</summary>
internal sealed partial class LightningClient
{
    public Task<ApiResult<IReadOnlyList<HostingConnectionView>>> ListConnectionsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<HostingConnectionView>>(HttpMethod.Get, "api/v2/git/connections", cancellationToken);

    public Task<ApiResult<HostingConnectionView>> AddConnectionAsync(HostingConnectionRegistration registration, CancellationToken cancellationToken) =>
        SendAsync<HostingConnectionRegistration, HostingConnectionView>(HttpMethod.Post, "api/v2/git/connections", registration, cancellationToken);

    public Task<ApiResult<HostingConnectionView>> UpdateConnectionAsync(string name, HostingConnectionUpdate update, CancellationToken cancellationToken) =>
        SendAsync<HostingConnectionUpdate, HostingConnectionView>(HttpMethod.Patch, $"api/v2/git/connections/{Segment(name)}", update, cancellationToken);

    public async Task RemoveConnectionAsync(string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"api/v2/git/connections/{Segment(name)}");
        using var response = await SendAsync(request, cancellationToken);
    }

    /// <summary>Open pull/merge requests, or every one with <paramref name="all"/>.</summary>
    public Task<ApiResult<IReadOnlyList<PullRequestView>>> ListPullRequestsAsync(string repository, bool all, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<PullRequestView>>(HttpMethod.Get,
            $"api/v2/git/repositories/{Segment(repository)}/pull-requests{(all ? "?state=all" : string.Empty)}", cancellationToken);

    public Task<ApiResult<PullRequestView>> CreatePullRequestAsync(string repository, CreatePullRequestRequest request, CancellationToken cancellationToken) =>
        SendAsync<CreatePullRequestRequest, PullRequestView>(HttpMethod.Post, $"api/v2/git/repositories/{Segment(repository)}/pull-requests", request, cancellationToken);

    public Task<ApiResult<PullRequestMergeView>> MergePullRequestAsync(
        string repository, long number, MergePullRequestRequest request, CancellationToken cancellationToken) =>
        SendAsync<MergePullRequestRequest, PullRequestMergeView>(HttpMethod.Post,
            $"api/v2/git/repositories/{Segment(repository)}/pull-requests/{number.ToString(CultureInfo.InvariantCulture)}/merge", request, cancellationToken);
}
