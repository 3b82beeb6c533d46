namespace Lightning.Testing.Flaky;

/// <summary>What on-demand detection found, with the cost it paid: reruns per failure is the figure benchmark 2 bounds.</summary>
public sealed record FlakyDetectionReport(
    string Repository,
    int TestsAnalysed,
    int Failures,
    int Reruns,
    int OrderRuns,
    IReadOnlyList<FlakyVerdict> Verdicts,
    IReadOnlyList<OrderDependency> OrderDependencies,
    IReadOnlyList<string> Notes)
{
    /// <summary>Targeted reruns per failure seen in history (failed, errored or passed on a retry).</summary>
    public double RerunsPerFailure => Failures == 0 ? 0 : Math.Round((double)Reruns / Failures, 4);

    public int Flaky => Verdicts.Count(v => v.Status == FlakyStatus.Flaky);
}
