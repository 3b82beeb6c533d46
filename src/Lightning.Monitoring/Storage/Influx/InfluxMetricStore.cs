using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Monitoring.Storage.Influx;

/// <summary>
/// The metric store over an InfluxDB 1.x server: writes are line protocol on <c>/write</c> (in batches of
/// <see cref="InfluxStoreOptions.WriteBatchSize"/> rows), queries are InfluxQL on <c>/query</c>. Credentials travel in
/// a basic-auth header, never in a URL that could be logged.
/// </summary>
public sealed partial class InfluxMetricStore : IMetricStore
{
    readonly InfluxStoreOptions _options;
    readonly HttpClient _http;
    readonly ILogger _logger;
    readonly SemaphoreSlim _databaseReady = new(1, 1);
    bool _databaseCreated;

    public InfluxMetricStore(IOptions<InfluxStoreOptions> options, ILogger<InfluxMetricStore>? logger = null)
        : this(options?.Value ?? throw new ArgumentNullException(nameof(options)), new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }), logger)
    {
    }

    internal InfluxMetricStore(InfluxStoreOptions options, HttpClient http, ILogger? logger)
    {
        _options = options;
        _http = http;
        _http.BaseAddress = options.Url;
        _http.Timeout = options.Timeout;
        if (!string.IsNullOrEmpty(options.User))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.User}:{options.Password}")));
        }

        _logger = logger ?? NullLogger.Instance;
    }

    public string Kind => "influxdb";

    public string Database => _options.Database;

    public async ValueTask WriteAsync(PointBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0) return;
        await EnsureDatabaseAsync(cancellationToken);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        for (var start = 0; start < batch.Count; start += _options.WriteBatchSize)
        {
            buffer.ResetWrittenCount();
            var skipped = LineProtocolWriter.Write(batch, start, Math.Min(_options.WriteBatchSize, batch.Count - start), buffer);
            if (skipped > 0) Log.NonFiniteSkipped(_logger, skipped, _options.Database);
            if (buffer.WrittenCount == 0) continue;
            await PostWriteAsync(buffer.WrittenMemory, cancellationToken);
        }
    }

    /// <summary>Sends one line-protocol body as it is (nanosecond precision): the export and the ingest benchmark use it.</summary>
    public async Task WriteLineProtocolAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        await EnsureDatabaseAsync(cancellationToken);
        await PostWriteAsync(body, cancellationToken);
    }

    async Task PostWriteAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var url = "write?db=" + Uri.EscapeDataString(_options.Database) + "&precision=ns" +
                  (string.IsNullOrEmpty(_options.RetentionPolicy) ? "" : "&rp=" + Uri.EscapeDataString(_options.RetentionPolicy));
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        using var response = await SendAsync(HttpMethod.Post, url, content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent) return;
        var error = await ErrorOfAsync(response, cancellationToken);
        throw Failure(response.StatusCode, "metrics.influx_write_failed", $"InfluxDB refused the write ({(int)response.StatusCode}): {error}");
    }

    public async Task<IReadOnlyList<string>> MeasurementsAsync(CancellationToken cancellationToken = default)
    {
        var results = await QueryRawAsync("SHOW MEASUREMENTS", cancellationToken);
        return results.SelectMany(r => r.Values).Select(row => row[0].GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    public async Task<IReadOnlyList<SeriesInfo>> SeriesAsync(SeriesFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Limit < 1) throw new ValidationFailedException("A series listing needs a limit of at least 1.");
        if (filter.Measurement is { } measurement) await RequireMeasurementAsync(measurement, cancellationToken);

        // SHOW SERIES has no ORDER BY: read them all (bounded), sort as every store does, then take the limit.
        var statement = new StringBuilder("SHOW SERIES");
        if (filter.Measurement is { } m) statement.Append(" FROM ").Append(InfluxQl.Identifier(m));
        var where = InfluxQl.Where(filter.Where ?? []);
        if (where.Length > 0) statement.Append(" WHERE ").Append(where[" AND ".Length..]);
        var keys = (await QueryRawAsync(statement.ToString(), cancellationToken))
            .SelectMany(r => r.Values).Select(row => SeriesKey.Parse(row[0].GetString()!))
            .OrderBy(k => k.Canonical, StringComparer.Ordinal).Take(filter.Limit).ToList();

        // InfluxDB keeps field types per measurement, not per series: each series lists its measurement's fields.
        var fields = new Dictionary<string, IReadOnlyDictionary<string, FieldKind>>(StringComparer.Ordinal);
        foreach (var name in keys.Select(k => k.Measurement).Distinct(StringComparer.Ordinal))
            fields[name] = await FieldKeysAsync(name, cancellationToken);
        return keys.Select(k => new SeriesInfo(k, fields[k.Measurement])).ToArray();
    }

    public async Task<IReadOnlyList<string>> TagValuesAsync(TagValuesFilter filter, CancellationToken cancellationToken = default)
    {
        TagValues.Validate(filter);
        if (filter.Measurement is { } measurement) await RequireMeasurementAsync(measurement, cancellationToken);

        // One result series per measurement, each with (key, value) rows: merge, sort and bound them as the embedded store does.
        var statement = new StringBuilder("SHOW TAG VALUES");
        if (filter.Measurement is { } m) statement.Append(" FROM ").Append(InfluxQl.Identifier(m));
        statement.Append(" WITH KEY = ").Append(InfluxQl.Identifier(filter.Key));
        var where = InfluxQl.Where(filter.Where ?? []);
        if (where.Length > 0) statement.Append(" WHERE ").Append(where[" AND ".Length..]);
        return (await QueryRawAsync(statement.ToString(), cancellationToken))
            .SelectMany(r => r.Values).Select(row => row[1].GetString()!)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(filter.Limit).ToArray();
    }

    internal async Task<IReadOnlyDictionary<string, FieldKind>> FieldKeysAsync(string measurement, CancellationToken cancellationToken)
    {
        var results = await QueryRawAsync("SHOW FIELD KEYS FROM " + InfluxQl.Identifier(measurement), cancellationToken);
        var fields = new Dictionary<string, FieldKind>(StringComparer.Ordinal);
        foreach (var row in results.SelectMany(r => r.Values))
        {
            fields[row[0].GetString()!] = row[1].GetString() switch
            {
                "integer" or "unsigned" => FieldKind.Integer,
                "boolean" => FieldKind.Boolean,
                "string" => FieldKind.String,
                _ => FieldKind.Float,
            };
        }

        return fields;
    }

    async Task RequireMeasurementAsync(string measurement, CancellationToken cancellationToken)
    {
        if (!(await MeasurementsAsync(cancellationToken)).Contains(measurement, StringComparer.Ordinal))
            throw new LightningException(ErrorKind.NotFound, "metrics.measurement_not_found",
                $"The measurement '{measurement}' has no data in the metric store. List the measurements to see which exist.");
    }

    /// <summary>Creates the database once, when allowed; a user without admin rights works with an existing database.</summary>
    async Task EnsureDatabaseAsync(CancellationToken cancellationToken)
    {
        if (_databaseCreated || !_options.CreateDatabase) return;
        await _databaseReady.WaitAsync(cancellationToken);
        try
        {
            if (_databaseCreated) return;
            try
            {
                await QueryRawAsync("CREATE DATABASE " + InfluxQl.Identifier(_options.Database), cancellationToken, withDatabase: false);
            }
            catch (LightningException error) when (error.Code == "metrics.influx_query_failed")
            {
                Log.DatabaseNotCreated(_logger, _options.Database, error.Message);
            }

            _databaseCreated = true;
        }
        finally
        {
            _databaseReady.Release();
        }
    }

    internal sealed record StatementSeries(string Name, IReadOnlyDictionary<string, string> Tags, string[] Columns, JsonElement[][] Values);

    /// <summary>Runs one statement; the series of its first result. "database not found" is an empty answer.</summary>
    internal async Task<IReadOnlyList<StatementSeries>> QueryRawAsync(string statement, CancellationToken cancellationToken, bool withDatabase = true)
    {
        var form = new Dictionary<string, string> { ["q"] = statement, ["epoch"] = "ns" };
        if (withDatabase)
        {
            form["db"] = _options.Database;
            if (!string.IsNullOrEmpty(_options.RetentionPolicy)) form["rp"] = _options.RetentionPolicy;
        }

        using var content = new FormUrlEncodedContent(form);
        using var response = await SendAsync(HttpMethod.Post, "query", content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ErrorOfAsync(response, cancellationToken);
            if (error.StartsWith("database not found", StringComparison.Ordinal)) return [];
            throw Failure(response.StatusCode, "metrics.influx_query_failed", $"InfluxDB refused the query ({(int)response.StatusCode}): {error}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        return ReadSeries(document.RootElement);
    }

    internal static IReadOnlyList<StatementSeries> ReadSeries(JsonElement root)
    {
        if (root.TryGetProperty("error", out var topError)) throw QueryError(topError.GetString());
        var list = new List<StatementSeries>();
        if (!root.TryGetProperty("results", out var results)) return list;
        foreach (var result in results.EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                var message = error.GetString() ?? "unknown error";
                if (message.StartsWith("database not found", StringComparison.Ordinal)) continue;
                throw QueryError(message);
            }

            if (!result.TryGetProperty("series", out var series)) continue;
            foreach (var one in series.EnumerateArray())
            {
                var name = one.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                if (one.TryGetProperty("tags", out var t))
                {
                    foreach (var tag in t.EnumerateObject()) tags[tag.Name] = tag.Value.GetString() ?? "";
                }

                var columns = one.TryGetProperty("columns", out var c) ? c.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [];
                var values = one.TryGetProperty("values", out var v)
                    ? v.EnumerateArray().Select(row => row.EnumerateArray().Select(cell => cell.Clone()).ToArray()).ToArray()
                    : [];
                list.Add(new StatementSeries(name, tags, columns, values));
            }
        }

        return list;
    }

    /// <summary>Bad credentials get their own code (the user name and password are never part of the message).</summary>
    static LightningException Failure(HttpStatusCode status, string code, string message) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new LightningException(ErrorKind.Upstream, "metrics.influx_unauthorized",
            $"InfluxDB refused the configured credentials ({(int)status}): check {InfluxStoreOptions.SectionName}:User and :Password."),
        HttpStatusCode.BadRequest => new LightningException(ErrorKind.Invalid, code, message),
        _ => new LightningException(ErrorKind.Upstream, code, message),
    };

    static LightningException QueryError(string? message) =>
        new(ErrorKind.Invalid, "metrics.influx_query_failed", $"InfluxDB could not answer the query: {message}");

    async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, HttpContent content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException error)
        {
            throw new LightningException(ErrorKind.Unavailable, "metrics.influx_unreachable",
                $"InfluxDB at {_options.Url.GetLeftPart(UriPartial.Authority)} cannot be reached: {error.Message}", error);
        }
        catch (TaskCanceledException error) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LightningException(ErrorKind.Unavailable, "metrics.influx_timeout",
                $"InfluxDB did not answer within {_options.Timeout.TotalSeconds:0} s.", error);
        }
    }

    /// <summary>InfluxDB's <c>{"error": "..."}</c>, or the status when the body is not that.</summary>
    static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error)) return error.GetString() ?? body;
        }
        catch (JsonException)
        {
            // Not JSON: answer with the text, shortened.
        }

        return body.Length > 300 ? body[..300] : body.Length == 0 ? response.ReasonPhrase ?? "no details" : body;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _databaseReady.Dispose();
        return ValueTask.CompletedTask;
    }
}
