namespace Lightning.Testing.Results.Trx;

/// <summary>
/// TRX's outcomes (the TestOutcome enumeration of the VSTest TRX logger) onto the model's five. Those that cannot be
/// told back from the model's outcome (Timeout, Inconclusive, ...) are kept as the case property <see cref="Property"/>.
/// </summary>
internal static class TrxOutcomes
{
    public const string Property = "trxOutcome";

    static readonly Dictionary<string, TestOutcome> Outcomes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Passed"] = TestOutcome.Passed,
        ["PassedButRunAborted"] = TestOutcome.Passed,
        ["Completed"] = TestOutcome.Passed,
        ["Warning"] = TestOutcome.Passed,
        ["Failed"] = TestOutcome.Failed,
        ["Error"] = TestOutcome.Errored,
        ["Timeout"] = TestOutcome.Errored,
        ["Aborted"] = TestOutcome.Errored,
        ["NotExecuted"] = TestOutcome.Skipped,
        ["Inconclusive"] = TestOutcome.Skipped,
        ["NotRunnable"] = TestOutcome.Skipped,
        ["Pending"] = TestOutcome.Skipped,
        ["Disconnected"] = TestOutcome.Skipped,
        ["InProgress"] = TestOutcome.Skipped,
    };

    public static bool TryRead(string? text, out TestOutcome outcome, out bool needsProperty)
    {
        needsProperty = false;
        if (text is null || !Outcomes.TryGetValue(text, out outcome))
        {
            outcome = default;
            return false;
        }

        needsProperty = !string.Equals(text, Write(outcome), StringComparison.Ordinal);
        return true;
    }

    /// <summary>The outcome to write; Flaky is written as Passed since TRX has no retries.</summary>
    public static string Write(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed or TestOutcome.Flaky => "Passed",
        TestOutcome.Failed => "Failed",
        TestOutcome.Errored => "Error",
        _ => "NotExecuted",
    };
}
