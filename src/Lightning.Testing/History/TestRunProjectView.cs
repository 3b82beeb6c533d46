using Lightning.Testing.Persistence;
using Lightning.Testing.Results;

namespace Lightning.Testing.History;

/// <summary>One project of a run: its framework, how its process ended and its totals.</summary>
public sealed record TestRunProjectView(
    string Root, string Framework, string Name, string? Variant, int? ExitCode, bool TimedOut, string? Error, TestTotals Totals)
{
    public static TestRunProjectView From(TestRunProjectEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new TestRunProjectView(entity.Root, entity.Framework, entity.Name, entity.Variant, entity.ExitCode, entity.TimedOut, entity.Error,
            new TestTotals(entity.Total, entity.Passed, entity.Failed, entity.Errored, entity.Skipped, entity.Flaky, entity.SuiteErrors,
                TimeSpan.FromMilliseconds(entity.TestDurationMs)));
    }
}
