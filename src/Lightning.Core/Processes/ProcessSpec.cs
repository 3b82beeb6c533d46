namespace Lightning.Core.Processes;

/// <summary>
/// What to run: a program and its arguments as a list, never a shell string, so nothing in an argument is
/// ever interpreted by a shell.
/// </summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public const long DefaultMaxOutputBytes = 1024 * 1024;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);

    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added after the inherited environment has been scrubbed of secrets.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Combined stdout and stderr beyond this size stops the process: a runaway command cannot fill memory or disk.</summary>
    public long MaxOutputBytes { get; init; } = DefaultMaxOutputBytes;
}
