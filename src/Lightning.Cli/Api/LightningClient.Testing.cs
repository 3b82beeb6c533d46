using System.Globalization;
using Lightning.Testing.History;

namespace Lightning.Cli.Api;

/// <summary>Test runs and their history on a server (<c>/api/v2/testing/...</c>).</summary>
internal sealed partial class LightningClient
{
    public Task<ApiResult<TestRunPage>> ListTestRunsAsync(
        string? repository, string? framework, string? status, int? limit, string? before, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "repository", repository);
        AddQuery(query, "framework", framework);
        AddQuery(query, "status", status);
        AddQuery(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        AddQuery(query, "before", before);
        return SendAsync<TestRunPage>(HttpMethod.Get, WithQuery("api/v2/testing/runs", query), cancellationToken);
    }

    public Task<ApiResult<TestRunDetails>> GetTestRunAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<TestRunDetails>(HttpMethod.Get, $"api/v2/testing/runs/{Segment(id)}", cancellationToken);

    public Task<ApiResult<TestCaseHistory>> GetTestHistoryAsync(string id, string? repository, int? limit, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "id", id);
        AddQuery(query, "repository", repository);
        AddQuery(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        return SendAsync<TestCaseHistory>(HttpMethod.Get, WithQuery("api/v2/testing/tests/history", query), cancellationToken);
    }

    public Task<ApiResult<IReadOnlyList<TestTiming>>> GetSlowestTestsAsync(
        string? repository, string? framework, int? limit, int? over, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<TestTiming>>(HttpMethod.Get, WithQuery("api/v2/testing/tests/slowest", RankingQuery(repository, framework, limit, over)), cancellationToken);

    public Task<ApiResult<IReadOnlyList<TestFailureCount>>> GetFailingTestsAsync(
        string? repository, string? framework, int? limit, int? over, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<TestFailureCount>>(HttpMethod.Get, WithQuery("api/v2/testing/tests/failing", RankingQuery(repository, framework, limit, over)), cancellationToken);

    static List<string> RankingQuery(string? repository, string? framework, int? limit, int? over)
    {
        var query = new List<string>();
        AddQuery(query, "repository", repository);
        AddQuery(query, "framework", framework);
        AddQuery(query, "limit", limit?.ToString(CultureInfo.InvariantCulture));
        AddQuery(query, "over", over?.ToString(CultureInfo.InvariantCulture));
        return query;
    }

    static string WithQuery(string path, List<string> query) => query.Count == 0 ? path : path + "?" + string.Join('&', query);
}
