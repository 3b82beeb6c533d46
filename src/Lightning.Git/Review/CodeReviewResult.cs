using System.Globalization;
using System.Text;
using Lightning.Git.Hosting;

namespace Lightning.Git.Review;

/// <summary>
/// The review of the change from <see cref="BaseCommit"/> to <see cref="HeadCommit"/>: findings sorted by path and line,
/// and the LLM reviewer's outcome when one ran.
/// </summary>
public sealed record CodeReviewResult(
    string BaseCommit,
    string HeadCommit,
    int FilesChanged,
    IReadOnlyList<ReviewFinding> Findings,
    LlmReviewOutcome? Llm)
{
    /// <summary>Findings on diff lines, as comments to post through a hosting client (one per finding).</summary>
    public IReadOnlyList<ReviewComment> ToReviewComments() =>
        Findings
            .Where(finding => finding.Line is not null)
            .Select(finding => new ReviewComment(finding.Path, finding.Line!.Value, Body(finding)))
            .ToList();

    /// <summary>A Markdown summary for the review body: counts, whole-file findings, and LLM problems.</summary>
    public string ToSummary()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Automated review of {FilesChanged} changed file(s): {Findings.Count(f => f.Severity == ReviewSeverity.Error)} error(s), "
            + $"{Findings.Count(f => f.Severity == ReviewSeverity.Warning)} warning(s), {Findings.Count(f => f.Severity == ReviewSeverity.Info)} note(s).\n");
        foreach (var finding in Findings.Where(finding => finding.Line is null))
        {
            text.Append(CultureInfo.InvariantCulture, $"- `{finding.Path}`: {Body(finding)}\n");
        }

        if (Llm?.Error is { } error)
        {
            text.Append(CultureInfo.InvariantCulture, $"- The LLM reviewer's answer was not used: {error}\n");
        }

        return text.ToString();
    }

    static string Body(ReviewFinding finding) =>
        string.Create(CultureInfo.InvariantCulture, $"**{finding.Severity}** `{finding.RuleId}`: {finding.Message}");
}
