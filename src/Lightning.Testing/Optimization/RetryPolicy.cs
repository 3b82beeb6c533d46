using Lightning.Core.Errors;
using Lightning.Testing.Detection;
using Lightning.Testing.Flaky;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Optimization;

/// <summary>The retries a run gets when it does not say, and why.</summary>
public sealed record RetryDecision(int Retries, string Reason);

/// <summary>
/// Retries per framework and for known-flaky tests. The runner retries every failed case of a run the same number of
/// times, so a repository with known flaky tests gets the larger of its framework's setting and <c>KnownFlaky</c>.
/// </summary>
public sealed class RetryPolicy(FlakyTestStore flaky, IOptions<RetryPolicyOptions> options)
{
    public async Task<RetryDecision> DecideAsync(string repository, string? framework, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var (retries, reason) = (settings.Default, $"the default ({settings.Default})");
        var name = string.IsNullOrWhiteSpace(framework) ? null : TestFrameworks.NameOf(TestFrameworks.Parse(framework));
        foreach (var (key, value) in settings.Frameworks)
        {
            if (value is < 0 or > 10)
            {
                throw new LightningException(ErrorKind.Invalid, "testing.retry_policy_invalid", $"Lightning:Testing:Retries:Frameworks:{key} must be between 0 and 10.");
            }

            var configured = TestFrameworks.NameOf(TestFrameworks.Parse(key));
            // Without a framework, the run may include any: the largest framework setting applies.
            if ((name is null && value > retries) || configured == name)
            {
                (retries, reason) = (value, $"{configured}'s setting ({value})");
            }
        }

        var known = await flaky.FlakyIdsAsync(repository, cancellationToken);
        if (known.Count > 0 && settings.KnownFlaky > retries)
        {
            (retries, reason) = (settings.KnownFlaky, $"{known.Count} known flaky test(s) ({settings.KnownFlaky})");
        }

        return new RetryDecision(retries, reason);
    }
}
