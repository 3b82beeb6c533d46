using Lightning.Testing.Persistence;
using Lightning.Testing.Results;

namespace Lightning.Testing.History;

/// <summary>One case of a run, in short: the full case (output, stack, attempts) is in the run's export.</summary>
public sealed record TestResultView(
    string Id,
    string Project,
    string Framework,
    string Suite,
    string Name,
    string? ClassName,
    string? File,
    int? Line,
    TestOutcome Outcome,
    TimeSpan? Duration,
    int Attempts,
    string? FailureMessage,
    string? FailureType)
{
    /// <summary>The test was quarantined: its failure (still shown) did not fail the run.</summary>
    public bool Quarantined { get; init; }

    public static TestResultView From(TestResultEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return new TestResultView(entity.CaseId, entity.Project, entity.Framework, entity.Suite, entity.Name, entity.ClassName, entity.File,
            entity.Line, entity.Outcome, entity.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, entity.Attempts,
            entity.FailureMessage, entity.FailureType)
        { Quarantined = entity.Quarantined };
    }
}
