using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Optimization;

/// <summary>
/// The <c>Lightning:Testing:Retries</c> section: how many times failed tests are retried when a run does not say,
/// per framework (<c>"Frameworks": { "jest": 1 }</c>), and for repositories with known flaky tests. Retries are
/// recorded as attempts, and a test that passes on one is reported flaky.
/// </summary>
public sealed class RetryPolicyOptions
{
    public const string SectionName = "Lightning:Testing:Retries";

    [Range(0, 10)]
    public int Default { get; set; }

    /// <summary>Per framework name or alias (<c>pytest</c>, <c>go</c>); values 0 to 10.</summary>
    public Dictionary<string, int> Frameworks { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Retries when the repository has tests currently judged flaky (at least the framework's).</summary>
    [Range(0, 10)]
    public int KnownFlaky { get; set; } = 2;
}
