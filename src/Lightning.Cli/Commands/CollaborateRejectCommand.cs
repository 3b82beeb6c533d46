namespace Lightning.Cli.Commands;

internal sealed class CollaborateRejectCommand(CliContext context) : CollaborateDecisionCommand(context, approve: false);
