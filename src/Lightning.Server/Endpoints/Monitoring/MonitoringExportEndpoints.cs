using Lightning.Core.Errors;
using Lightning.Monitoring.Ingest;
using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Server.Auth;
using Lightning.Server.Monitoring;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Lightning.Server.Endpoints.Monitoring;

/// <summary><c>GET /export</c> (viewer) streams stored points out; <c>POST /import</c> (admin) writes a line-protocol body.</summary>
public static class MonitoringExportEndpoints
{
    public static void MapMonitoringExportEndpoints(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        group.MapGet("/export", ExportAsync)
            .WithSummary("Stored points of a measurement (or all) in [from, to) as line protocol, CSV or Parquet, streamed");
        group.MapPost("/import", ImportAsync).RequireAuthorization(LightningClaims.Policies.Admin)
            .WithSummary("Write a line-protocol body (gzip accepted); refused lines are named with their line number");
    }

    /// <summary>Everything is checked before the first byte; a failure once streaming has begun aborts the connection, so a client never mistakes a cut export for a whole one.</summary>
    static async Task ExportAsync(HttpContext context, string? measurement, string? where, string? from, string? to, string? format,
        MetricExporter exporter, TimeProvider time, ILogger<MetricExporter> logger, CancellationToken cancellationToken)
    {
        var plan = await exporter.PlanAsync(measurement, where, from, to, format, time.GetUtcNow(), cancellationToken);
        var response = context.Response;
        response.ContentType = MetricExportFormats.ContentType(plan.Format);
        response.Headers.ContentDisposition = $"attachment; filename=\"{plan.Measurement ?? "metrics"}.{MetricExportFormats.Extension(plan.Format)}\"";
        long rows = 0;
        try
        {
            rows = await exporter.WriteAsync(plan, response.Body, cancellationToken);
        }
        catch (Exception ex) when ((ex is LightningException or IOException or HttpRequestException) && !cancellationToken.IsCancellationRequested)
        {
            global::Lightning.Server.Monitoring.Log.ExportStopped(logger, plan.Measurement ?? "*", rows, ex);
            context.Abort();
        }
    }

    static async Task<Results<Ok<ImportResult>, ProblemHttpResult>> ImportAsync(HttpContext context, string? precision, MetricIngestor ingestor,
        ILogger<MetricIngestor> logger, CancellationToken cancellationToken)
    {
        Precision parsed;
        try
        {
            parsed = Precisions.Parse(precision ?? string.Empty);
        }
        catch (ValidationFailedException error)
        {
            throw new ValidationFailedException(new Dictionary<string, string[]> { ["precision"] = [error.Message] });
        }

        var body = await MonitoringIngestEndpoints.ReadBodyAsync(context, ingestor.Options.MaxBodyBytes, cancellationToken);
        if (body.Error is { } bodyError)
            return TypedResults.Problem(bodyError.Message, statusCode: bodyError.Status, title: "The request body was refused.");
        try
        {
            var result = await ingestor.WriteLineProtocolAsync(body.Buffer.AsMemory(0, body.Length), parsed, cancellationToken);
            global::Lightning.Server.Monitoring.Log.Imported(logger, result.Rows, result.Lines, result.RejectedLines);
            var view = new ImportResult(result.Rows, result.Lines, result.RejectedLines, result.Errors);
            return result.HasErrors
                ? TypedResults.Problem(result.Describe(), statusCode: StatusCodes.Status400BadRequest, title: "Some lines were refused.",
                    extensions: new Dictionary<string, object?> { ["written"] = view.Written, ["lines"] = view.Lines, ["rejected"] = view.Rejected, ["errors"] = view.Errors })
                : TypedResults.Ok(view);
        }
        finally
        {
            body.Return();
        }
    }
}

/// <summary>What an import wrote: points (field values) from the body's lines; refused lines with their number and reason.</summary>
public sealed record ImportResult(int Written, int Lines, int Rejected, IReadOnlyList<LineError> Errors);
