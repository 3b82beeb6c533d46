namespace Lightning.Core.Processes;

public enum ProcessOutcome
{
    /// <summary>The process ended by itself; see the exit code.</summary>
    Exited,
    /// <summary>The process ran past its timeout and was killed.</summary>
    TimedOut,
    /// <summary>The caller cancelled and the process was killed.</summary>
    Cancelled,
    /// <summary>The process wrote more than its output limit and was killed.</summary>
    OutputLimitExceeded,
}
