using Lightning.Testing.Detection;
using Lightning.Testing.Flaky;
using Microsoft.Extensions.Options;

namespace Lightning.Testing.Optimization;

/// <summary>The retries a run gets when it does not say, and why.</summary>
public sealed record RetryDecision(int Retries, string Reason);

/// <summary>
/// The retries of a run that did not give its own: <see cref="Default"/> for projects of any framework,
/// <see cref="Frameworks"/> (stable framework names) for projects of those, and why.
/// </summary>
public sealed record RetryPlan(int Default, IReadOnlyDictionary<string, int> Frameworks, string Reason)
{
    /// <summary>The most any project of the run may be retried: what the run records as its retries.</summary>
    public int Max => Frameworks.Values.Append(Default).Max();
}

/// <summary>
/// Retries per framework and for known-flaky tests (<see cref="RetryPolicyOptions"/>). The runner retries each
/// project's failed cases by its framework's setting; a repository with known flaky tests gets at least
/// <c>KnownFlaky</c> for every framework.
/// </summary>
public sealed class RetryPolicy(FlakyTestStore flaky, IOptions<RetryPolicyOptions> options)
{
    /// <summary>One number for a run of <paramref name="framework"/>, or of any framework (the largest setting) when null.</summary>
    public async Task<RetryDecision> DecideAsync(string repository, string? framework, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(repository, framework, cancellationToken);
        return new RetryDecision(plan.Max, plan.Reason);
    }

    /// <summary>
    /// The per-framework plan for a run of <paramref name="repository"/>; with <paramref name="framework"/>, only that
    /// framework's setting is kept.
    /// </summary>
    public async Task<RetryPlan> PlanAsync(string repository, string? framework, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var only = string.IsNullOrWhiteSpace(framework) ? null : TestFrameworks.NameOf(TestFrameworks.Parse(framework));
        var frameworks = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, value) in settings.Frameworks)
        {
            var name = TestFrameworks.NameOf(TestFrameworks.Parse(key));
            if (only is null || name == only)
            {
                frameworks[name] = value;
            }
        }

        var reasons = new List<string> { $"the default ({settings.Default})" };
        reasons.AddRange(frameworks.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}'s setting ({pair.Value})"));
        var @default = settings.Default;
        var known = await flaky.FlakyIdsAsync(repository, cancellationToken);
        if (known.Count > 0 && settings.KnownFlaky > frameworks.Values.Append(@default).Min())
        {
            // The runner retries a project's failed cases alike, so known flaky tests raise every framework's setting.
            @default = Math.Max(@default, settings.KnownFlaky);
            foreach (var name in frameworks.Keys.ToList())
            {
                frameworks[name] = Math.Max(frameworks[name], settings.KnownFlaky);
            }

            reasons = [$"{known.Count} known flaky test(s) ({settings.KnownFlaky})", .. reasons];
        }

        if (only is not null && frameworks.TryGetValue(only, out var single))
        {
            // A run of one framework: its setting is the run's number.
            @default = single;
        }

        return new RetryPlan(@default, frameworks, string.Join("; ", reasons));
    }
}
