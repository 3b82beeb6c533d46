using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.Server.Monitoring;

namespace Lightning.Cli.Api;

/// <summary>What one import request gave: the server's counts and, when lines were refused, their numbers and reasons.</summary>
internal sealed record ImportOutcome(int Written, int Lines, int Rejected, IReadOnlyList<LineError> Errors, string? Message);

internal sealed partial class LightningClient
{
    /// <summary><c>GET /api/v2/monitoring/export</c>, copied to <paramref name="destination"/> as it arrives; returns the bytes copied.</summary>
    public async Task<long> ExportMetricsAsync(IReadOnlyDictionary<string, string?> parameters, Stream destination, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        foreach (var (name, value) in parameters)
        {
            AddQuery(query, name, value);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v2/monitoring/export?" + string.Join('&', query));
        using var response = await SendAsync(request, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            copied += read;
        }

        return copied;
    }

    /// <summary><c>POST /api/v2/monitoring/import</c> with one line-protocol chunk; refused lines are an outcome, not an exception.</summary>
    public async Task<ImportOutcome> ImportLineProtocolAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v2/monitoring/import") { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        using var response = await SendCoreAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest && TryReadRefusal(text) is { } refused)
        {
            return refused;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new LightningApiException(response.StatusCode, ProblemText.Describe(response.StatusCode, response.ReasonPhrase, text));
        }

        var result = JsonSerializer.Deserialize<ImportResult>(text, LightningJson.Options)
            ?? throw new LightningApiException(response.StatusCode, "The import answered with an empty body.");
        return new ImportOutcome(result.Written, result.Lines, result.Rejected, result.Errors, null);
    }

    public Task<ApiResult<MigrationView>> StartMigrationAsync(MigrationRequest migration, CancellationToken cancellationToken) =>
        SendAsync<MigrationRequest, MigrationView>(HttpMethod.Post, "api/v2/monitoring/migrations", migration, cancellationToken);

    public Task<ApiResult<MigrationView>> GetMigrationAsync(string id, CancellationToken cancellationToken) =>
        SendAsync<MigrationView>(HttpMethod.Get, $"api/v2/monitoring/migrations/{Segment(id)}", cancellationToken);

    public Task<ApiResult<MetricBackup>> CreateBackupAsync(CancellationToken cancellationToken) =>
        SendAsync<MetricBackup>(HttpMethod.Post, "api/v2/monitoring/backups", cancellationToken);

    public Task<ApiResult<IReadOnlyList<MetricBackup>>> ListBackupsAsync(CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<MetricBackup>>(HttpMethod.Get, "api/v2/monitoring/backups", cancellationToken);

    static ImportOutcome? TryReadRefusal(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var lines = errors.EnumerateArray()
                .Select(error => new LineError(error.GetProperty("line").GetInt32(), error.GetProperty("reason").GetString() ?? string.Empty))
                .ToList();
            return new ImportOutcome(Int(root, "written"), Int(root, "lines"), Int(root, "rejected"), lines,
                root.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    static int Int(JsonElement root, string name) => root.TryGetProperty(name, out var value) && value.TryGetInt32(out var number) ? number : 0;
}
