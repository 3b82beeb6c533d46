using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Collaboration.Replay;

namespace Lightning.Cli.Commands;

/// <summary><c>collaborate fork ID --subtask S</c>: runs a finished collaboration again from one subtask, with another agent or input.</summary>
internal sealed class CollaborateForkCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "A finished collaboration's id (col_...)" };

    readonly Option<string> _subtask = new("--subtask", "-s") { Description = "The subtask to fork at: it and what depends on it run for real", HelpName = "ID", Required = true };

    readonly Option<string> _agent = new("--agent") { Description = "Run the subtask on this agent instead", HelpName = "NAME" };

    readonly Option<string> _input = new("--input") { Description = "The subtask's new input: JSON, or @FILE to read it from a file", HelpName = "JSON" };

    readonly Option<bool> _noWait = new("--no-wait") { Description = "Print the fork's id and return without waiting for it or comparing" };

    public CollaborateForkCommand(CliContext context)
        : base("fork", "Run a finished collaboration again from one subtask with another agent or input, then compare: exit 0 when the fork succeeded (calls the server)", context)
    {
        Add(_id);
        Add(_subtask);
        Add(_agent);
        Add(_input);
        Add(_noWait);
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var id = invocation.Required(_id);
        var input = await ReadInputAsync(invocation.Value(_input), cancellationToken);
        var fork = await invocation.Client.ForkCollaborationAsync(id, new ForkRequest(invocation.Value(_subtask)!, invocation.Value(_agent), input), cancellationToken);
        var report = await CollaborationComparison.ReportAsync(invocation, id, fork, invocation.Value(_noWait), "fork",
            $"Forked {id} at '{invocation.Value(_subtask)}' as {fork.Value.Id}.", cancellationToken);
        return report is { Finished: var finished } ? CollaborationText.ExitCode(finished.Status) : ExitCodes.Ok;
    }

    static async Task<JsonElement?> ReadInputAsync(string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return null;
        }

        string text;
        if (value.StartsWith('@'))
        {
            try
            {
                text = await File.ReadAllTextAsync(value[1..], cancellationToken);
            }
            catch (IOException ex)
            {
                throw new CliException(ExitCodes.Usage, $"Cannot read the input file '{value[1..]}': {ex.Message}");
            }
        }
        else
        {
            text = value;
        }

        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Usage, $"--input is not valid JSON: {ex.Message}");
        }
    }
}
