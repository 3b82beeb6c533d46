namespace Lightning.Git.Insights;

/// <summary>
/// Two files that change together (Tornhill, "Your Code as a Crime Scene", after code-maat). Counted over commits
/// with at most <see cref="HistoryAnalysisOptions.CouplingMaxFilesPerCommit"/> files:
/// <see cref="Degree"/> = shared / average of the two files' commits; <see cref="Support"/> = shared / all such
/// commits; <see cref="ConfidenceAToB"/> = shared / commits of A (when A changes, how often B does too).
/// </summary>
public sealed record ChangeCoupling(
    string FileA,
    string FileB,
    int SharedCommits,
    int CommitsA,
    int CommitsB,
    double Degree,
    double Support,
    double ConfidenceAToB,
    double ConfidenceBToA);
