using System.CommandLine;
using Lightning.Agents.Registry;
using Lightning.Cli.Output;

namespace Lightning.Cli.Commands;

internal sealed class AgentsRegisterCommand : ServerCommand
{
    readonly Argument<string> _name = new("NAME") { Description = "Name of the new agent: lowercase letters, digits and '-'" };

    readonly Option<string> _role = new("--role")
    {
        Description = "Its role, e.g. devops-engineer or reviewer (a known role brings its capabilities and description)",
        HelpName = "ROLE",
        Required = true,
    };

    readonly Option<string> _description = new("--description") { Description = "What the agent is for", HelpName = "TEXT" };

    readonly Option<string[]> _capabilities = new("--capability")
    {
        Description = "A capability (repeat, or separate with commas): command, files, llm, or your own [default: the role's]",
        HelpName = "NAME",
    };

    readonly Option<int?> _maxConcurrency = NumberOption.Create("--max-concurrency", "Actions it may run at once (1-64) [default: 1]", "N", 1, 64);

    readonly Option<string> _sshHost = new("--ssh-host") { Description = "Run its commands on this host over SSH", HelpName = "HOST" };

    readonly Option<int?> _sshPort = NumberOption.Create("--ssh-port", "SSH port [default: 22]", "PORT", 1, 65_535);

    readonly Option<string> _sshUser = new("--ssh-user") { Description = "SSH user (with --ssh-host)", HelpName = "USER" };

    readonly Option<string> _sshKey = new("--ssh-key") { Description = "Absolute path of the private key file on the server (with --ssh-host)", HelpName = "PATH" };

    public AgentsRegisterCommand(CliContext context)
        : base("register", "Register a new agent, in-process or over SSH (calls the server)", context)
    {
        Add(_name);
        Add(_role);
        Add(_description);
        Add(_capabilities);
        Add(_maxConcurrency);
        Add(_sshHost);
        Add(_sshPort);
        Add(_sshUser);
        Add(_sshKey);
        Validators.Add(result =>
        {
            var ssh = new Option[] { _sshHost, _sshUser, _sshKey }.Count(option => result.GetResult(option) is not null);
            if (ssh is > 0 and < 3 || (result.GetResult(_sshPort) is not null && ssh < 3))
            {
                result.AddError("An SSH agent needs --ssh-host, --ssh-user and --ssh-key together.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(ServerInvocation invocation, CancellationToken cancellationToken)
    {
        var capabilities = invocation.Value(_capabilities) is { Length: > 0 } given
            ? given.SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList()
            : null;
        var host = invocation.Value(_sshHost);
        var ssh = host is null
            ? null
            : new SshTarget(host, invocation.Value(_sshPort) ?? 22, invocation.Value(_sshUser)!, invocation.Value(_sshKey)!);
        var registration = new AgentRegistration(
            invocation.Required(_name),
            invocation.Value(_role),
            invocation.Value(_description),
            capabilities,
            invocation.Value(_maxConcurrency),
            ssh is null ? AgentLocation.InProcess : AgentLocation.Ssh,
            ssh,
            SystemPrompt: null);
        var agent = await invocation.Client.RegisterAgentAsync(registration, cancellationToken);
        if (invocation.Json)
        {
            JsonOutput.Write(invocation.Output, agent.Json);
        }
        else
        {
            await invocation.Output.WriteLineAsync($"Registered agent '{agent.Value.Name}'.");
            AgentText.WriteDetails(invocation.Output, agent.Value);
        }

        return ExitCodes.Ok;
    }
}
