using System.Buffers;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest;
using Lightning.Monitoring.Ingest.Json;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Ingest.Prometheus;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Metrics in: InfluxDB 1.x's <c>/write</c> (Telegraf and Influx clients unchanged, also under
/// <c>/api/v2/monitoring/write</c>), Prometheus remote_write (<c>/api/v1/write</c>), JSON points, and the platform's own
/// metrics out at <c>/metrics</c>. Writing needs an operator key; Influx clients may send it as
/// <c>Authorization: Token &lt;key&gt;</c>, as the password of basic auth, or as the <c>p</c> query parameter.
/// </summary>
public static class MonitoringIngestEndpoints
{
    const string InfluxVersion = "1.8.10-lightning";
    static readonly string[] InfluxPaths = ["/write", "/query", "/api/v2/monitoring/write", "/api/v1/write"];

    public static void MapMonitoringIngestEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/ping", ["GET", "HEAD"], Ping).WithTags("Monitoring").WithSummary("InfluxDB-compatible ping").AllowAnonymous();
        app.MapPost("/write", InfluxWriteAsync).WithTags("Monitoring").WithSummary("InfluxDB 1.x line-protocol write")
            .RequireAuthorization(LightningClaims.Policies.Operator).DisableAntiforgery();
        app.MapPost("/query", InfluxQueryAsync).WithTags("Monitoring").WithSummary("InfluxDB-compatible: CREATE DATABASE only (Telegraf sends it)")
            .RequireAuthorization(LightningClaims.Policies.Operator).DisableAntiforgery();
        app.MapPost("/api/v2/monitoring/write", InfluxWriteAsync).WithTags("Monitoring").WithSummary("Line-protocol write (InfluxDB semantics)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        app.MapPost("/api/v1/write", RemoteWriteAsync).WithTags("Monitoring").WithSummary("Prometheus remote_write")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        app.MapPost("/api/v2/monitoring/points", PointsAsync).WithTags("Monitoring").WithSummary("Write points as JSON")
            .RequireAuthorization(LightningClaims.Policies.Operator);

        // Listen from the start: a counter's increments before the listener exists are lost.
        _ = app.ServiceProvider.GetRequiredService<PlatformMetrics>();
        var metrics = app.MapGet("/metrics", Metrics).WithTags("Monitoring").WithSummary("The platform's own metrics (Prometheus text)").DisableRateLimiting();
        if (app.ServiceProvider.GetRequiredService<IOptions<IngestOptions>>().Value.AnonymousMetrics) metrics.AllowAnonymous();
        else metrics.RequireAuthorization(LightningClaims.Policies.Viewer);
    }

    /// <summary>
    /// The API key as InfluxDB clients send it, on the InfluxDB-compatible paths only: <c>Authorization: Token key</c>,
    /// basic auth whose password is the key (the user name is ignored), or the <c>p</c> query parameter.
    /// </summary>
    public static string? InfluxClientKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Array.Exists(InfluxPaths, path => request.Path.Equals(path, StringComparison.OrdinalIgnoreCase))) return null;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Token ", StringComparison.OrdinalIgnoreCase)) return authorization["Token ".Length..].Trim();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? decoded[(colon + 1)..] : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return request.Query.TryGetValue("p", out var password) && password.ToString().Length > 0 ? password.ToString() : null;
    }

    static NoContent Ping(HttpContext context)
    {
        context.Response.Headers["X-Influxdb-Version"] = InfluxVersion;
        return TypedResults.NoContent();
    }

    /// <summary>As InfluxDB's /write: 204 when every line was written; 400 {"error"} naming the refused lines (the good ones are written).</summary>
    static async Task<IResult> InfluxWriteAsync(HttpContext context, MetricIngestor ingestor, CancellationToken cancellationToken)
    {
        context.Response.Headers["X-Influxdb-Version"] = InfluxVersion;
        var request = context.Request;
        if (request.Path.Equals("/write", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(request.Query["db"]))
            return InfluxError(context, StatusCodes.Status400BadRequest, "database is required");

        Precision precision;
        try
        {
            precision = Precisions.Parse(request.Query["precision"].ToString());
        }
        catch (ValidationFailedException error)
        {
            return InfluxError(context, StatusCodes.Status400BadRequest, error.Message);
        }

        var body = await ReadBodyAsync(context, ingestor.Options.MaxBodyBytes, cancellationToken);
        if (body.Error is { } bodyError) return InfluxError(context, bodyError.Status, bodyError.Message);
        try
        {
            var result = await ingestor.WriteLineProtocolAsync(body.Buffer.AsMemory(0, body.Length), precision, cancellationToken);
            return result.HasErrors ? InfluxError(context, StatusCodes.Status400BadRequest, result.Describe()) : TypedResults.NoContent();
        }
        catch (LightningException error)
        {
            return InfluxError(context, error.Kind == ErrorKind.Invalid ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable, error.Message);
        }
        finally
        {
            body.Return();
        }
    }

    /// <summary>Telegraf creates its database at start; the platform keeps one store, so CREATE DATABASE is a no-op that succeeds.</summary>
    static async Task<IResult> InfluxQueryAsync(HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers["X-Influxdb-Version"] = InfluxVersion;
        var statement = context.Request.Query["q"].ToString();
        if (statement.Length == 0 && context.Request.HasFormContentType)
            statement = (await context.Request.ReadFormAsync(cancellationToken))["q"].ToString();
        return statement.TrimStart().StartsWith("CREATE DATABASE", StringComparison.OrdinalIgnoreCase)
            ? TypedResults.Json(new { results = new[] { new { statement_id = 0 } } })
            : InfluxError(context, StatusCodes.Status400BadRequest, "only CREATE DATABASE is answered here; query metrics through /api/v2/monitoring");
    }

    static async Task<Results<NoContent, ProblemHttpResult>> RemoteWriteAsync(HttpContext context, MetricIngestor ingestor, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(context, ingestor.Options.MaxBodyBytes, cancellationToken, allowGzip: false);
        if (body.Error is { } error)
            return TypedResults.Problem(error.Message, statusCode: error.Status, title: "The request is invalid.", type: $"https://httpstatuses.io/{error.Status}");
        try
        {
            await ingestor.WriteRemoteWriteAsync(body.Buffer.AsMemory(0, body.Length), cancellationToken);
            return TypedResults.NoContent();
        }
        finally
        {
            body.Return();
        }
    }

    static async Task<Ok<PointsWritten>> PointsAsync(JsonPointsRequest request, MetricIngestor ingestor, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PointsWritten(await ingestor.WritePointsAsync(request, cancellationToken)));

    static ContentHttpResult Metrics(PlatformMetrics metrics) => TypedResults.Text(metrics.Render(), PrometheusText.ContentType);

    static JsonHttpResult<InfluxErrorBody> InfluxError(HttpContext context, int status, string message)
    {
        // InfluxDB also puts the error in a header; keep it to one line.
        context.Response.Headers["X-Influxdb-Error"] = message.Length > 200 ? message[..200] : message.Replace('\n', ' ');
        return TypedResults.Json(new InfluxErrorBody(message), statusCode: status);
    }

    sealed record InfluxErrorBody(string Error);

    internal sealed record BodyError(int Status, string Message);

    /// <summary>A request body in a pooled buffer (return it), gunzipped when sent with Content-Encoding: gzip, bounded.</summary>
    internal readonly record struct Body(byte[] Buffer, int Length, BodyError? Error)
    {
        public void Return()
        {
            if (Buffer.Length > 0) ArrayPool<byte>.Shared.Return(Buffer);
        }
    }

    internal static async Task<Body> ReadBodyAsync(HttpContext context, long limit, CancellationToken cancellationToken, bool allowGzip = true)
    {
        var request = context.Request;
        var gzip = allowGzip && request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        var tooLarge = new BodyError(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than {limit} bytes.");
        if (!gzip && request.ContentLength > limit) return new Body([], 0, tooLarge);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;

        var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(!gzip && request.ContentLength is { } length ? length : 64 * 1024, 4096, limit));
        var count = 0;
        try
        {
            while (true)
            {
                if (count == buffer.Length)
                {
                    if (count >= limit) { ArrayPool<byte>.Shared.Return(buffer); return new Body([], 0, tooLarge); }
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit + 1, (long)buffer.Length * 2));
                    buffer.AsSpan(0, count).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await source.ReadAsync(buffer.AsMemory(count), cancellationToken);
                if (read == 0) break;
                count += read;
                if (count > limit) { ArrayPool<byte>.Shared.Return(buffer); return new Body([], 0, tooLarge); }
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new Body([], 0, new BodyError(StatusCodes.Status400BadRequest, "The body is not valid gzip data."));
        }
        catch (BadHttpRequestException error) when (error.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return new Body([], 0, tooLarge);
        }
        finally
        {
            if (gzip) await source.DisposeAsync();
        }

        return new Body(buffer, count, null);
    }
}

public sealed record PointsWritten(int Written);
