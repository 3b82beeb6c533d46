namespace Lightning.Core.Processes;

/// <summary>How a process ended. <see cref="Output"/> holds stdout and stderr interleaved in arrival order, up to the limit.</summary>
public sealed record ProcessResult(ProcessOutcome Outcome, int? ExitCode, TimeSpan Duration, string Output)
{
    public bool Succeeded => Outcome == ProcessOutcome.Exited && ExitCode == 0;
}
