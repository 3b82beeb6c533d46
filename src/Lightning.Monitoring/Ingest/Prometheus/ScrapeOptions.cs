using System.ComponentModel.DataAnnotations;

namespace Lightning.Monitoring.Ingest.Prometheus;

/// <summary>Prometheus endpoints to scrape into the metric store (<c>Lightning:Monitoring:Scrape</c>).</summary>
public sealed class ScrapeOptions : IValidatableObject
{
    public const string SectionName = "Lightning:Monitoring:Scrape";

    public List<ScrapeTarget> Targets { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var target in Targets)
        {
            if (string.IsNullOrWhiteSpace(target.Job)) yield return new ValidationResult("A scrape target needs a job name.", [nameof(Targets)]);
            if (target.Url is null || !target.Url.IsAbsoluteUri || target.Url.Scheme is not ("http" or "https"))
                yield return new ValidationResult($"Scrape target '{target.Job}' needs an absolute http(s) URL.", [nameof(Targets)]);
            if (target.Interval < TimeSpan.FromSeconds(1)) yield return new ValidationResult($"Scrape target '{target.Job}': the interval must be at least 1 s.", [nameof(Targets)]);
            if (target.Timeout <= TimeSpan.Zero || target.Timeout > target.Interval)
                yield return new ValidationResult($"Scrape target '{target.Job}': the timeout must be positive and at most the interval.", [nameof(Targets)]);
        }
    }
}

public sealed class ScrapeTarget
{
    /// <summary>The <c>job</c> label of every sample from this target.</summary>
    public string Job { get; set; } = "";

    public Uri? Url { get; set; }

    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An optional bearer token sent to the target (never logged).</summary>
    public string? BearerToken { get; set; }
}
