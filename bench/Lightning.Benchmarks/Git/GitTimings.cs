namespace Lightning.Benchmarks.Git;

/// <summary>
/// One operation's samples, ours and the git CLI's (milliseconds, one per round), and the answer each gave (a count
/// the two must agree on for the comparison to be fair).
/// </summary>
internal sealed record GitTimings(string Operation, string Ours, string Cli, List<double> OursMs, List<double> CliMs, string OursAnswer, string CliAnswer)
{
    public bool SameAnswer => string.Equals(OursAnswer, CliAnswer, StringComparison.Ordinal);
}
