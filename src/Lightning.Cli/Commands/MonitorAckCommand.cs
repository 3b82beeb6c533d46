using System.CommandLine;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Monitoring.Alerts.Evaluation;

namespace Lightning.Cli.Commands;

/// <summary><c>monitor ack ID --comment TEXT</c>: acknowledge an active alert (stops its escalation).</summary>
internal sealed class MonitorAckCommand : ServerCommand
{
    readonly Argument<string> _id = new("ID") { Description = "The alert's id (from `lightning monitor alerts`)" };
    readonly Option<string> _comment = new("--comment") { Description = "What is being done about it (required)", HelpName = "TEXT" };

    public MonitorAckCommand(CliContext context)
        : base("ack", "Acknowledge an active alert with a comment; it stops escalating (calls the server)", context)
    {
        Add(_id);
        Add(_comment);
        Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(_comment))) result.AddError("--comment is required: say what is being done about the alert.");
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var alert = await invocation.Client.AcknowledgeAlertAsync(invocation.Required(_id), invocation.Value(_comment)!, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, alert.Json);
            return ExitCodes.Ok;
        }

        await invocation.Output.WriteLineAsync($"Acknowledged {alert.Value.Id} ({alert.Value.RuleName}, {AlertStates.Name(alert.Value.State)}) as {alert.Value.Acknowledgment?.By}.");
        return ExitCodes.Ok;
    }
}
