namespace Lightning.Cli.Commands;

internal sealed class CollaborateApproveCommand(CliContext context) : CollaborateDecisionCommand(context, approve: true);
