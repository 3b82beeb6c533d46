namespace Lightning.Git.Repositories;

/// <summary>How one git command ended: its exit code and its two output streams, kept apart so stdout can be parsed.</summary>
public sealed record GitCliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;
}
