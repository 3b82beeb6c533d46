using System.ComponentModel.DataAnnotations;

namespace Lightning.Monitoring.Storage.Influx;

/// <summary>
/// The InfluxDB 1.x server the metric store writes to (<c>Lightning:Monitoring:Influx</c>). The password comes from
/// configuration (an environment variable or a secret store) and is never logged nor returned.
/// </summary>
public sealed class InfluxStoreOptions
{
    public const string SectionName = "Lightning:Monitoring:Influx";

    [Required]
    public Uri Url { get; set; } = new("http://127.0.0.1:8086");

    [Required, RegularExpression(@"^[^\x00-\x1f""]+$", ErrorMessage = "The database name must not contain quotes or control characters.")]
    public string Database { get; set; } = "lightning";

    /// <summary>The retention policy to write to and read from; null for the database's default.</summary>
    public string? RetentionPolicy { get; set; }

    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Create the database on first use when it does not exist (needs an admin user when auth is on).</summary>
    public bool CreateDatabase { get; set; } = true;

    /// <summary>Rows per <c>/write</c> request; InfluxDB's documentation recommends batches of 5,000 to 10,000 points.</summary>
    [Range(100, 100_000)]
    public int WriteBatchSize { get; set; } = 5_000;

    /// <summary>The most raw points a query may return (over all its series) before it is refused.</summary>
    [Range(1, 100_000_000)]
    public int MaxRawPoints { get; set; } = 1_000_000;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
