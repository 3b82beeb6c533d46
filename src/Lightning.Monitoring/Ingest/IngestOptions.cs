using System.ComponentModel.DataAnnotations;

namespace Lightning.Monitoring.Ingest;

/// <summary>Bounds of the ingest endpoints (<c>Lightning:Monitoring:Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Lightning:Monitoring:Ingest";

    /// <summary>The largest request body accepted, after gzip or snappy decompression (InfluxDB's default is 25 MB).</summary>
    [Range(1024, 1L << 31)]
    public long MaxBodyBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>Let Prometheus scrape <c>/metrics</c> without an API key (off: a viewer key is needed).</summary>
    public bool AnonymousMetrics { get; set; }
}
