using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>A command that talks to a server through the API: it gets a client for the URL and key the user chose.</summary>
internal abstract class ServerCommand : Command
{
    protected ServerCommand(string name, string description, CliContext context)
        : base(name, description)
    {
        ArgumentNullException.ThrowIfNull(context);
        SetAction(async (parseResult, cancellationToken) =>
        {
            using var client = context.CreateClient(parseResult);
            var invocation = new ServerInvocation(parseResult, client, context.Console, context.IsJson(parseResult));
            return await ExecuteAsync(invocation, cancellationToken);
        });
    }

    protected abstract Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken);
}
