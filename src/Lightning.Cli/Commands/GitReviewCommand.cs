using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Repositories;
using Lightning.Git.Review;

namespace Lightning.Cli.Commands;

/// <summary>
/// Reviews a change with the rules (and the LLM reviewer when LIGHTNING_LLM_* is set). Exit 0 when no finding is an
/// error, 1 when one is (a leaked secret): a CI step can gate on it, as on a linter.
/// </summary>
internal sealed class GitReviewCommand : GitLocalCommand
{
    readonly Option<string> _base = new("--base") { Description = "What the change goes into [default: the default branch]", HelpName = "REF" };
    readonly Option<string> _head = new("--head") { Description = "The change [default: HEAD]", HelpName = "REF" };

    public GitReviewCommand(CliContext context, Option<string> path)
        : base("review", "Review the change from --base to --head: secrets, large, binary and generated files, missing tests, TODOs; exit 1 on errors", context, path)
    {
        Add(_base);
        Add(_head);
    }

    protected override async Task<int> ExecuteAsync(GitInvocation git, CancellationToken cancellationToken)
    {
        var baseRef = git.Value(_base) ?? await git.Service<GitRepositoryService>().DefaultBranchAsync(git.Root, cancellationToken)
            ?? throw CliException.Usage("no default branch to review against: pass --base REF.");
        var review = await git.Service<CodeReviewer>().ReviewAsync(git.Root, baseRef, git.Value(_head) ?? "HEAD", null, cancellationToken);
        var errors = review.Findings.Count(finding => finding.Severity == ReviewSeverity.Error);
        if (git.Json)
        {
            git.WriteJson(review);
        }
        else
        {
            var warnings = review.Findings.Count(finding => finding.Severity == ReviewSeverity.Warning);
            await git.Output.WriteLineAsync($"Reviewed {review.FilesChanged} changed file(s) from {GitText.Short(review.BaseCommit)} to {GitText.Short(review.HeadCommit)}: "
                + $"{errors} error(s), {warnings} warning(s), {review.Findings.Count - errors - warnings} note(s).");
            if (review.Findings.Count > 0)
            {
                var table = new TextTable("SEVERITY", "RULE", "WHERE", "MESSAGE");
                foreach (var finding in review.Findings)
                {
                    table.Add(Formats.Kebab(finding.Severity), finding.RuleId, finding.Line is { } line ? $"{finding.Path}:{line}" : finding.Path, finding.Message);
                }

                table.Write(git.Output);
            }

            if (review.Llm is { } llm)
            {
                await git.Output.WriteLineAsync(llm.Error is { } error
                    ? $"LLM reviewer: its answer was not used: {error}"
                    : $"LLM reviewer: {llm.Accepted} finding(s) accepted, {llm.Rejected.Count} rejected{(llm.DiffTruncated ? "; the diff was cut to fit" : string.Empty)}.");
            }
        }

        return errors == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
