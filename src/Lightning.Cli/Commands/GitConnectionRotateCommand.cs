using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Git.Registry;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>git connection rotate NAME</c>: a new token, webhook secret or base URL in place (<c>PATCH</c>); repositories
/// linked to the connection keep working and use the new token from the next call.
/// </summary>
internal sealed class GitConnectionRotateCommand : GitServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "The connection to change" };

    readonly Option<string> _baseUrl = new("--base-url")
    {
        Description = "A new API host (\"\" for the provider's public one)",
        HelpName = "URL",
    };

    readonly Option<bool> _removeWebhookSecret = new("--remove-webhook-secret")
    {
        Description = "Remove the webhook secret: deliveries for this connection are refused from then on",
    };

    readonly SecretInput _token = new("new access token", "token");
    readonly SecretInput _webhookSecret = new("new webhook secret", "webhook-secret");

    public GitConnectionRotateCommand(CliContext context, Option<string> path)
        : base("rotate", "Replace a connection's token, webhook secret or base URL in place (admin key); nothing else changes. " + SecretInput.Why,
            context, path)
    {
        Add(_name);
        _token.AddTo(this);
        _webhookSecret.AddTo(this);
        Add(_removeWebhookSecret);
        Add(_baseUrl);
        SecretInput.OneReadsStdin(this, _token, _webhookSecret);
        Validators.Add(result =>
        {
            if (result.GetValue(_removeWebhookSecret) && (result.GetValue(_webhookSecret.Stdin) || result.GetResult(_webhookSecret.Environment) is not null))
            {
                result.AddError($"{_removeWebhookSecret.Name} cannot go with a new webhook secret.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var token = await _token.ReadAsync(invocation.ParseResult, invocation.Console, cancellationToken);
        var webhookSecret = invocation.Value(_removeWebhookSecret)
            ? string.Empty
            : await _webhookSecret.ReadAsync(invocation.ParseResult, invocation.Console, cancellationToken);
        var baseUrl = invocation.Value(_baseUrl);
        if (token is null && webhookSecret is null && baseUrl is null)
        {
            throw CliException.Usage(
                $"nothing to change: give {_token.Stdin.Name} or {_token.Environment.Name} NAME, a webhook secret the same way, {_removeWebhookSecret.Name} or {_baseUrl.Name} URL.");
        }

        var updated = await invocation.Client.UpdateConnectionAsync(invocation.Required(_name), new HostingConnectionUpdate(token, webhookSecret, baseUrl), cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, updated.Json);
        }
        else
        {
            var changed = new List<string>();
            if (token is not null)
            {
                changed.Add("token");
            }

            if (webhookSecret is not null)
            {
                changed.Add(webhookSecret.Length == 0 ? "webhook secret removed" : "webhook secret");
            }

            if (baseUrl is not null)
            {
                changed.Add("base URL");
            }

            await invocation.Output.WriteLineAsync($"Updated connection '{updated.Value.Name}': {string.Join(", ", changed)}.");
            GitHostingText.WriteConnection(invocation.Output, updated.Value, invocation.Client.Server);
        }

        return ExitCodes.Ok;
    }
}
