namespace Lightning.Testing.History;

/// <summary>Where a run is. The last five are final.</summary>
public enum TestRunStatus
{
    /// <summary>Waiting for a free slot (<see cref="TestRunOptions.MaxConcurrentRuns"/>).</summary>
    Queued,

    Running,

    /// <summary>Every test passed (flaky ones included: they passed in the end).</summary>
    Passed,

    /// <summary>A test failed or errored, or a suite failed outside its tests (a package that did not build).</summary>
    Failed,

    /// <summary>Tests could not run or report: no project found, a missing toolchain, an unreadable report, a crash.</summary>
    Errored,

    Cancelled,

    /// <summary>A project ran past its timeout and its processes were killed.</summary>
    TimedOut,
}

public static class TestRunStatusExtensions
{
    public static bool IsFinished(this TestRunStatus status) => status is not (TestRunStatus.Queued or TestRunStatus.Running);

    /// <summary>The status as the API writes it: <c>timed-out</c>.</summary>
    public static string ToName(this TestRunStatus status) => System.Text.Json.JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    /// <summary>A status a user typed (<c>timed-out</c>, <c>TimedOut</c>, <c>failed</c>), or null when there is none by that name.</summary>
    public static TestRunStatus? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Enum.TryParse<TestRunStatus>(text.Trim().Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var status)
            && Enum.IsDefined(status) && !int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _)
            ? status
            : null;
    }
}
