using System.Diagnostics.Metrics;
using Lightning.Core.Diagnostics;

namespace Lightning.Monitoring.Ingest;

/// <summary>The ingest path's own counters, on the platform's meter (so <c>/metrics</c> and OTLP both show them).</summary>
internal static class IngestTelemetry
{
    public static readonly Counter<long> Rows = LightningTelemetry.Meter.CreateCounter<long>(
        "lightning.monitoring.ingest.rows", unit: "{row}", description: "Field values written through the ingest endpoints.");

    public static readonly Counter<long> RejectedLines = LightningTelemetry.Meter.CreateCounter<long>(
        "lightning.monitoring.ingest.rejected_lines", unit: "{line}", description: "Lines or points refused by the ingest endpoints.");

    public static readonly Counter<long> Requests = LightningTelemetry.Meter.CreateCounter<long>(
        "lightning.monitoring.ingest.requests", unit: "{request}", description: "Ingest requests, by format.");
}
