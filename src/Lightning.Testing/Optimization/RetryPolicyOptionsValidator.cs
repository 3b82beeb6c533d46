using Lightning.Core.Errors;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Optimization;

/// <summary>
/// Checks <c>Lightning:Testing:Retries:Frameworks</c> at start: every key a known framework name or alias, every value
/// within 0..<see cref="TestRunService.MaxRetries"/> (the data annotations cover <c>Default</c> and <c>KnownFlaky</c>).
/// </summary>
public sealed class RetryPolicyOptionsValidator : IValidateOptions<RetryPolicyOptions>
{
    public ValidateOptionsResult Validate(string? name, RetryPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (key, value) in options.Frameworks)
        {
            try
            {
                TestFrameworks.Parse(key);
            }
            catch (LightningException exception)
            {
                failures.Add($"{RetryPolicyOptions.SectionName}:Frameworks:{key}: {exception.Message}");
            }

            if (value is < 0 or > TestRunService.MaxRetries)
            {
                failures.Add($"{RetryPolicyOptions.SectionName}:Frameworks:{key} must be between 0 and {TestRunService.MaxRetries} (it is {value}).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
