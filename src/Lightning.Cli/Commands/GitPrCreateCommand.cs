using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Server.Endpoints.Git;

namespace Lightning.Cli.Commands;

internal sealed class GitPrCreateCommand : GitServerCommand
{
    readonly Option<string> _repository = GitPrCommand.RepositoryOption();

    readonly Option<string> _title = new("--title", "-t") { Description = "The title", HelpName = "TEXT", Required = true };

    readonly Option<string> _head = new("--head") { Description = "The branch with the change", HelpName = "BRANCH", Required = true };

    readonly Option<string> _base = new("--base") { Description = "The branch the change goes into", HelpName = "BRANCH", Required = true };

    readonly Option<string> _body = new("--body", "-b") { Description = "The description", HelpName = "TEXT" };

    readonly Option<string> _bodyFile = new("--body-file") { Description = "Read the description from FILE ('-' for standard input)", HelpName = "FILE" };

    readonly Option<bool> _draft = new("--draft") { Description = "Open it as a draft (on GitLab: a title starting with 'Draft:')" };

    public GitPrCreateCommand(CliContext context, Option<string> path)
        : base("create", "Open a pull request (GitHub) or merge request (GitLab) at the repository's provider (operator key)", context, path)
    {
        Add(_repository);
        Add(_title);
        Add(_head);
        Add(_base);
        Add(_body);
        Add(_bodyFile);
        Add(_draft);
        Validators.Add(result =>
        {
            if (result.GetResult(_body) is not null && result.GetResult(_bodyFile) is not null)
            {
                result.AddError($"Give the description with {_body.Name} or {_bodyFile.Name}, not both.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var body = invocation.Value(_bodyFile) is { } file
            ? await invocation.Console.ReadFileOrInputAsync(_bodyFile.Name, file, cancellationToken)
            : invocation.Value(_body);
        var request = new CreatePullRequestRequest(
            invocation.Value(_title)!, invocation.Value(_head)!, invocation.Value(_base)!, body, invocation.Value(_draft) ? true : null);
        var created = await invocation.Client.CreatePullRequestAsync(invocation.Value(_repository)!, request, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, created.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Opened {GitHostingText.Number(created.Value)}: {created.Value.Title}");
            await invocation.Output.WriteLineAsync(created.Value.Url);
        }

        return ExitCodes.Ok;
    }
}
