using System.CommandLine;
using System.Globalization;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Git;

namespace Lightning.Cli.Commands;

/// <summary><c>git pr merge NUMBER</c>: exits 1 when the provider answered but did not merge (GitLab still checking, say).</summary>
internal sealed class GitPrMergeCommand : GitServerCommand
{
    readonly Option<string> _repository = GitPrCommand.RepositoryOption();

    readonly Argument<long> _number = new("NUMBER")
    {
        Description = "The pull request's number (#12 on GitHub, !12 on GitLab: give 12)",
        CustomParser = result =>
        {
            var token = result.Tokens.Count == 1 ? result.Tokens[0].Value.TrimStart('#', '!') : string.Empty;
            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and <= int.MaxValue)
            {
                return number;
            }

            result.AddError($"NUMBER must be a pull request number (a positive whole number), not '{(result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty)}'.");
            return 0;
        },
    };

    readonly Option<string> _method = new Option<string>("--method")
    {
        Description = "merge, squash or rebase (rebase: GitHub only) [default: merge]",
        HelpName = "METHOD",
    }.AcceptOnlyFromAmong("merge", "squash", "rebase");

    readonly Option<string> _sha = new("--sha")
    {
        Description = "Merge only if the head is still this commit (the provider refuses otherwise)",
        HelpName = "SHA",
    };

    public GitPrMergeCommand(CliContext context, Option<string> path)
        : base("merge", "Merge a pull or merge request at the repository's provider (operator key)", context, path)
    {
        Add(_number);
        Add(_repository);
        Add(_method);
        Add(_sha);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var number = invocation.Required(_number);
        var merge = await invocation.Client.MergePullRequestAsync(invocation.Value(_repository)!, number,
            new MergePullRequestRequest(invocation.Value(_method), invocation.Value(_sha)), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, merge.Json);
        }
        else if (merge.Value.Merged)
        {
            await invocation.Output.WriteLineAsync($"Merged pull request {number.ToString(CultureInfo.InvariantCulture)}{(merge.Value.Sha is { } sha ? $" as {sha}" : string.Empty)}.");
        }

        if (!merge.Value.Merged)
        {
            throw new CliException(ExitCodes.Failure, $"not merged: {merge.Value.Message ?? "the provider did not say why"}.");
        }

        return ExitCodes.Ok;
    }
}
