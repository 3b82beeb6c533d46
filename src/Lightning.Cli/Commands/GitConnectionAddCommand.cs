using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Registry;

namespace Lightning.Cli.Commands;

internal sealed class GitConnectionAddCommand : GitServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The connection's name: lowercase letters, digits, '.', '_' or '-'" };

    readonly Option<string> _provider = new Option<string>("--provider")
    {
        Description = "github or gitlab",
        HelpName = "PROVIDER",
        Required = true,
    }.AcceptOnlyFromAmong(HostingConnectionStore.GitHub, HostingConnectionStore.GitLab);

    readonly Option<string> _baseUrl = new("--base-url")
    {
        Description = "The API host of GitHub Enterprise Server or self-managed GitLab [default: https://api.github.com or https://gitlab.com]",
        HelpName = "URL",
    };

    readonly SecretInput _token = new("access token", "token");
    readonly SecretInput _webhookSecret = new("webhook secret", "webhook-secret");

    public GitConnectionAddCommand(CliContext context, Option<string> path)
        : base("add", "Add a GitHub or GitLab connection (admin key). " + SecretInput.Why, context, path)
    {
        Add(_name);
        Add(_provider);
        Add(_baseUrl);
        _token.AddTo(this);
        _webhookSecret.AddTo(this);
        SecretInput.OneReadsStdin(this, _token, _webhookSecret);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var token = await _token.ReadAsync(invocation.ParseResult, invocation.Console, cancellationToken)
            ?? throw CliException.Usage($"give the access token with {_token.Stdin.Name} or {_token.Environment.Name} NAME (never as an argument).");
        var webhookSecret = await _webhookSecret.ReadAsync(invocation.ParseResult, invocation.Console, cancellationToken);
        var added = await invocation.Client.AddConnectionAsync(
            new HostingConnectionRegistration(invocation.Required(_name), invocation.Value(_provider)!, token, invocation.Value(_baseUrl), webhookSecret),
            cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, added.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Added connection '{added.Value.Name}'.");
            GitHostingText.WriteConnection(invocation.Output, added.Value, invocation.Client.Server);
        }

        return ExitCodes.Ok;
    }
}
