namespace Lightning.Testing.History;

/// <summary>The kinds of <see cref="TestRunChange"/>, as sent on <c>GET /api/v2/testing/runs/ws</c>.</summary>
public static class TestRunChangeTypes
{
    /// <summary>Accepted and queued (or, for an import, recorded).</summary>
    public const string Created = "created";

    public const string Started = "started";

    /// <summary>
    /// Someone asked to cancel a queued or running run: sent at once, with the run's <see cref="TestRunView.CancelRequestedBy"/>
    /// and <see cref="TestRunView.CancelRequestedAt"/> set; <see cref="Cancelled"/> follows once its processes have stopped.
    /// </summary>
    public const string CancelRequested = "cancel-requested";

    /// <summary>The live counts of a running run; at most a few per second per run.</summary>
    public const string Progress = "progress";

    /// <summary>Recorded with its final status and totals (passed, failed, errored, timed out).</summary>
    public const string Finished = "finished";

    /// <summary>Recorded as cancelled, with the totals it got through.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Deleted by retention.</summary>
    public const string Deleted = "deleted";
}
