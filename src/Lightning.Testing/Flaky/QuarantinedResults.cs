using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Testing.Flaky;

/// <summary>
/// How quarantine changes a run's verdict: failures of quarantined tests do not count. The results themselves are
/// never changed: these copies are only used to decide the run's status.
/// </summary>
public static class QuarantinedResults
{
    public static bool IsFailure(TestOutcome outcome) => outcome is TestOutcome.Failed or TestOutcome.Errored;

    /// <summary>The failed or errored cases of the projects whose ids are quarantined.</summary>
    public static int CountFailures(IReadOnlyList<TestRunProjectResult> projects, IReadOnlySet<string>? quarantined)
    {
        ArgumentNullException.ThrowIfNull(projects);
        return quarantined is not { Count: > 0 }
            ? 0
            : projects.Sum(p => p.Run.EnumerateCases().Count(c => IsFailure(c.Outcome) && quarantined.Contains(c.Id)));
    }

    /// <summary>
    /// The projects as the run's status sees them: quarantined failed cases left out, and a non-zero exit code cleared
    /// when every failure of the project was quarantined (the framework exits 1 for them; nothing else went wrong).
    /// </summary>
    public static IReadOnlyList<TestRunProjectResult> Excluding(IReadOnlyList<TestRunProjectResult> projects, IReadOnlySet<string>? quarantined)
    {
        ArgumentNullException.ThrowIfNull(projects);
        if (quarantined is not { Count: > 0 })
        {
            return projects;
        }

        return [.. projects.Select(project =>
        {
            var hidden = project.Run.EnumerateCases().Count(c => IsFailure(c.Outcome) && quarantined.Contains(c.Id));
            if (hidden == 0)
            {
                return project;
            }

            var run = project.Run with { Suites = [.. project.Run.Suites.Select(s => Without(s, quarantined))] };
            var othersFailed = run.EnumerateCases().Any(c => IsFailure(c.Outcome)) || !run.Totals.Succeeded;
            return project with { Run = run, ExitCode = othersFailed ? project.ExitCode : 0 };
        })];
    }

    static TestSuite Without(TestSuite suite, IReadOnlySet<string> quarantined) => suite with
    {
        Cases = [.. suite.Cases.Where(c => !(IsFailure(c.Outcome) && quarantined.Contains(c.Id)))],
        Suites = [.. suite.Suites.Select(s => Without(s, quarantined))],
    };
}
