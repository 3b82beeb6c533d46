using System.Globalization;
using System.Text.RegularExpressions;

namespace Lightning.Testing.Flaky;

/// <summary>
/// Whether a change between two commits touches the files a test is or imports: true (it may explain a flip), false
/// (it cannot), null when the change set or the test's files are unknown.
/// </summary>
public delegate ValueTask<bool?> ChangeExplains(string fromCommit, string toCommit, CancellationToken cancellationToken);

/// <summary>
/// History-first flakiness: reads a test's recent observations (oldest first) and weighs the signals — passes on a
/// retry, flips on the same commit, flips across changes that do not touch the test's files — into a score. A test
/// whose latest failure nothing explains is <see cref="FlakyStatus.Inconclusive"/>: only those are worth a rerun.
/// </summary>
public static partial class FlakyAnalyzer
{
    public const double RetryWeight = 0.9;
    public const double SameCommitWeight = 0.9;
    public const double UnchangedWeight = 0.6;
    public const double RerunWeight = 0.95;
    public const double OrderWeight = 0.95;

    /// <summary>Combines independent evidence: 1 − Π(1 − weight).</summary>
    public static double Score(IEnumerable<FlakyEvidence> evidence) =>
        Math.Round(1 - evidence.Aggregate(1.0, (rest, e) => rest * (1 - Math.Clamp(e.Weight, 0, 1))), 4);

    public static async Task<FlakyVerdict> AnalyzeAsync(
        string repository, string caseId, IReadOnlyList<TestObservation> observations, ChangeExplains? explains, double threshold,
        CancellationToken cancellationToken, IReadOnlyList<FlakyEvidence>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var decided = observations.Where(o => o.Decided).OrderBy(o => o.At).ToList();
        var evidence = new List<FlakyEvidence>(extra ?? []);
        foreach (var retried in decided.Where(o => o.Outcome == Results.TestOutcome.Flaky))
        {
            evidence.Add(new FlakyEvidence(FlakySignal.PassedOnRetry, RetryWeight,
                $"Run {retried.RunId} failed it, then passed it on a retry ({retried.Attempts} attempts).")
            {
                Runs = [retried.RunId], Commits = Commit(retried), At = retried.At,
                Attempts = [.. Enumerable.Repeat("failed", Math.Max(1, retried.Attempts - 1)), "passed"],
            });
        }

        // Flips between consecutive runs; an onset (pass → fail) explained by a change makes a failure look real.
        bool? lastOnsetExplained = null;
        var unknownFlips = 0;
        for (var i = 1; i < decided.Count; i++)
        {
            var (before, after) = (decided[i - 1], decided[i]);
            if (before.Failed == after.Failed)
            {
                continue;
            }

            var direction = after.Failed ? "passed in run {0} and failed in run {1}" : "failed in run {0} and passed in run {1}";
            var what = string.Format(CultureInfo.InvariantCulture, direction, before.RunId, after.RunId);
            bool? explained;
            if (before.CommitSha is { } from && after.CommitSha is { } to)
            {
                explained = string.Equals(from, to, StringComparison.OrdinalIgnoreCase) ? false : explains is null ? null : await explains(from, to, cancellationToken);
                if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
                {
                    evidence.Add(new FlakyEvidence(FlakySignal.FlipOnSameCommit, SameCommitWeight, $"It {what}, both on commit {Short(to)}.")
                    {
                        Runs = [before.RunId, after.RunId], Commits = [to], At = after.At,
                    });
                }
                else if (explained == false)
                {
                    evidence.Add(new FlakyEvidence(FlakySignal.FlipWithoutChange, UnchangedWeight,
                        $"It {what}; the changes from {Short(from)} to {Short(to)} touch none of its files.")
                    {
                        Runs = [before.RunId, after.RunId], Commits = [from, to], At = after.At,
                    });
                }
            }
            else
            {
                explained = null;
            }

            if (explained is null)
            {
                unknownFlips++;
            }

            if (after.Failed)
            {
                lastOnsetExplained = explained;
            }
        }

        var score = Score(evidence);
        var failures = decided.Count(o => o.Failed || o.Outcome == Results.TestOutcome.Flaky);
        var latest = decided.Count == 0 ? null : decided[^1];
        var kind = KindOf(decided, evidence);
        FlakyStatus status;
        string summary;
        if (score >= threshold)
        {
            (status, summary) = (FlakyStatus.Flaky, $"Flaky ({KindName(kind)}): {evidence.Count} piece(s) of evidence, score {score:0.00}.");
        }
        else if (latest is { Failed: true })
        {
            var allFailed = decided.All(o => o.Failed);
            (status, summary) = lastOnsetExplained == true
                ? (FlakyStatus.Broken, "Fails since a change to its files, and has not passed on that code since.")
                : (FlakyStatus.Inconclusive, allFailed
                    ? "Failed in every run looked at, with no change to tell why: a rerun decides."
                    : "Its latest failure is not explained by the history: a rerun decides.");
        }
        else if (failures == 0)
        {
            (status, summary) = (FlakyStatus.Stable, "No failure in the runs looked at.");
        }
        else
        {
            (status, summary) = unknownFlips == 0
                ? (FlakyStatus.Stable, "Its failures came and went with changes to its files.")
                : (FlakyStatus.Inconclusive, "It failed and passed again across changes that could not be compared.");
        }

        return new FlakyVerdict(repository, caseId, status, score, kind, decided.Count, failures, evidence) { Summary = summary };
    }

    /// <summary>
    /// Order-dependent when a reorder proved it; time-dependent when its failures say a clock, date or timeout was
    /// involved, or all fall within three hours of the day that the passes mostly avoid; else random.
    /// </summary>
    public static FlakyKind KindOf(IReadOnlyList<TestObservation> observations, IReadOnlyList<FlakyEvidence> evidence)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(evidence);
        if (evidence.Any(e => e.Signal == FlakySignal.FailsAfterTest))
        {
            return FlakyKind.OrderDependent;
        }

        var failed = observations.Where(o => o.Failed || o.Outcome == Results.TestOutcome.Flaky).ToList();
        if (failed.Count == 0)
        {
            return FlakyKind.Random;
        }

        var timeWords = failed.Count(o => o.FailureMessage is { } message && TimeWords().IsMatch(message));
        if (timeWords * 2 > failed.Count)
        {
            return FlakyKind.TimeDependent;
        }

        if (failed.Count >= 3)
        {
            var hours = failed.Select(o => o.At.UtcDateTime.Hour).ToHashSet();
            for (var start = 0; start < 24; start++)
            {
                int[] window = [start, (start + 1) % 24, (start + 2) % 24];
                if (hours.All(h => window.Contains(h)))
                {
                    var passes = observations.Where(o => o.Outcome == Results.TestOutcome.Passed).ToList();
                    var passesInWindow = passes.Count(o => window.Contains(o.At.UtcDateTime.Hour));
                    if (passes.Count == 0 || passesInWindow < 0.25 * passes.Count)
                    {
                        return FlakyKind.TimeDependent;
                    }
                }
            }
        }

        return FlakyKind.Random;
    }

    public static string KindName(FlakyKind kind) => kind switch
    {
        FlakyKind.TimeDependent => "time-dependent",
        FlakyKind.OrderDependent => "order-dependent",
        _ => "random",
    };

    static string[] Commit(TestObservation observation) => observation.CommitSha is { } sha ? [sha] : [];

    static string Short(string sha) => sha.Length > 10 ? sha[..10] : sha;

    [GeneratedRegex(@"\b(time(d)?\s*out|timeout|deadline|clock|datetime|date|midnight|timezone|tz|expired|sleep|elapsed)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex TimeWords();
}
