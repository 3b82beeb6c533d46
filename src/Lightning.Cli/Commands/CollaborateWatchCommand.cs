using System.CommandLine;

namespace Lightning.Cli.Commands;

internal sealed class CollaborateWatchCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The collaboration's id (col_...)" };

    public CollaborateWatchCommand(CliContext context)
        : base("watch", "Follow a collaboration live, one line per event, until it finishes; exits 0 when it succeeded, 1 otherwise (calls the server)", context)
    {
        Add(_id);
    }

    protected override Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken) =>
        new CollaborationWatcher(invocation).WatchAsync(invocation.Required(_id), cancellationToken);
}
