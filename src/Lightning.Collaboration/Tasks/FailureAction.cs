namespace Lightning.Collaboration.Tasks;

/// <summary>What a subtask's final failure (after its retries) does to the collaboration.</summary>
public enum FailureAction
{
    /// <summary>The collaboration fails: running subtasks are cancelled, nothing new starts.</summary>
    Fail,
    /// <summary>The failure is recorded; subtasks that depend on it are skipped, the others go on.</summary>
    Continue,
    /// <summary>Its compensation subtask runs, then it counts as failed-and-compensated and the others go on.</summary>
    Compensate,
}
