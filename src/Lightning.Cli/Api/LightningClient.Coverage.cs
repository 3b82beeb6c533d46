using System.Globalization;
using Lightning.Testing.Coverage.Runs;
using Lightning.Testing.Coverage.Suggestions;

namespace Lightning.Cli.Api;

/// <summary>A test run's coverage on a server (<c>/api/v2/testing/runs/{id}/coverage...</c>).</summary>
internal sealed partial class LightningClient
{
    public Task<ApiResult<RunCoverageSummary>> GetTestRunCoverageAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<RunCoverageSummary>(HttpMethod.Get, $"api/v2/testing/runs/{Segment(id)}/coverage", cancellationToken);

    public Task<ApiResult<IReadOnlyList<CoverageSuggestion>>> GetTestRunCoverageSuggestionsAsync(string id, int limit, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<CoverageSuggestion>>(HttpMethod.Get,
            $"api/v2/testing/runs/{Segment(id)}/coverage/suggestions?limit={limit.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
}
