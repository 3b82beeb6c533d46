namespace Lightning.Git.Insights;

/// <summary>The width of a commit-frequency bucket. Weeks start on Monday (ISO 8601); all buckets are in UTC.</summary>
public enum FrequencyBucket
{
    Day,
    Week,
    Month,
}
