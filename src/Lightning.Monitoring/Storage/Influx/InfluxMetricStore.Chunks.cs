using System.Text.Json;

namespace Lightning.Monitoring.Storage.Influx;

public sealed partial class InfluxMetricStore
{
    /// <summary>
    /// Runs a statement with InfluxDB's chunked answers (<c>chunked=true</c>: one JSON object per line, each at most
    /// <paramref name="chunkSize"/> rows), so a whole database can be read without holding it in memory.
    /// </summary>
    internal async IAsyncEnumerable<IReadOnlyList<StatementSeries>> QueryChunksAsync(string statement, int chunkSize,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["q"] = statement, ["db"] = _options.Database, ["epoch"] = "ns", ["chunked"] = "true",
            ["chunk_size"] = chunkSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (!string.IsNullOrEmpty(_options.RetentionPolicy)) form["rp"] = _options.RetentionPolicy;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("query", UriKind.Relative)) { Content = new FormUrlEncodedContent(form) };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw Failure(response.StatusCode, "metrics.influx_query_failed", $"InfluxDB refused the query ({(int)response.StatusCode}): {await ErrorOfAsync(response, cancellationToken)}");
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            using var document = JsonDocument.Parse(line);
            yield return ReadSeries(document.RootElement);
        }
    }
}
