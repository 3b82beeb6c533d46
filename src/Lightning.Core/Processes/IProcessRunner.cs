namespace Lightning.Core.Processes;

public interface IProcessRunner
{
    /// <summary>
    /// Runs a process to its end. Output chunks are passed to <paramref name="onOutput"/> as they arrive.
    /// Timeout, output limit and cancellation kill the whole process tree and are reported in the result, not thrown.
    /// </summary>
    /// <exception cref="Errors.LightningException">The program could not be started (not found, not executable).</exception>
    Task<ProcessResult> RunAsync(ProcessSpec spec, Action<OutputChunk>? onOutput, CancellationToken cancellationToken);
}
