using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Server.Endpoints.Testing;
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

    /// <summary><c>POST /api/v2/testing/runs</c>: the run is queued (202) and its view returned.</summary>
    public Task<ApiResult<TestRunView>> StartTestRunAsync(StartTestRunRequest run, CancellationToken cancellationToken) =>
        SendAsync<StartTestRunRequest, TestRunView>(HttpMethod.Post, "api/v2/testing/runs", run, cancellationToken);

    public Task<ApiResult<TestRunView>> CancelTestRunAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<TestRunView>(HttpMethod.Post, $"api/v2/testing/runs/{Segment(id)}/cancel", cancellationToken);

    /// <summary>
    /// A run's events over its WebSocket: the recorded ones after <paramref name="after"/>, then each new one. Ends after
    /// <c>finished</c>, or early when the connection drops (the caller resumes from the last sequence it saw).
    /// </summary>
    public async IAsyncEnumerable<TestRunEvent> StreamTestRunAsync(string id, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = $"api/v2/testing/runs/{Segment(id)}/ws?after={after.ToString(CultureInfo.InvariantCulture)}";
        await foreach (var json in StreamAsync(path, $"No test run with id '{id}'.", "the test run's live stream", cancellationToken))
        {
            var runEvent = new TestRunEvent(
                id, json.GetProperty("sequence").GetInt64(), json.GetProperty("type").GetString() ?? string.Empty,
                json.GetProperty("at").GetDateTimeOffset(),
                json.TryGetProperty("project", out var project) && project.ValueKind == JsonValueKind.String ? project.GetString() : null,
                json.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null ? data.Clone() : null);
            yield return runEvent;
            if (runEvent.Type == TestRunEventTypes.Finished)
            {
                yield break;
            }
        }
    }

    /// <summary><c>GET /api/v2/testing/runs/{id}/export</c> in <paramref name="format"/> (junit, trx, json), copied to <paramref name="destination"/>.</summary>
    public async Task ExportTestRunAsync(string id, string format, Stream destination, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v2/testing/runs/{Segment(id)}/export?format={Uri.EscapeDataString(format)}");
        using var response = await SendAsync(request, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary><c>POST /api/v2/testing/runs/import</c>: a report made elsewhere recorded as a run (201).</summary>
    public async Task<ApiResult<TestRunView>> ImportTestRunAsync(Stream report, string file, TestRunImport import, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        AddQuery(query, "repository", import.Repository);
        AddQuery(query, "file", file);
        AddQuery(query, "framework", import.Framework);
        AddQuery(query, "project", import.Project);
        AddQuery(query, "commit", import.CommitSha);
        AddQuery(query, "branch", import.Branch);
        AddQuery(query, "format", import.Format is { } format ? Lightning.Testing.Results.TestReportFormats.NameOf(format) : null);
        using var request = new HttpRequestMessage(HttpMethod.Post, WithQuery("api/v2/testing/runs/import", query)) { Content = new StreamContent(report) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(request, cancellationToken);
        var json = (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken)).RootElement.Clone();
        return new ApiResult<TestRunView>(json.Deserialize<TestRunView>(LightningJson.Options)!, json);
    }

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
