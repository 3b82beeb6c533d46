using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Net;
using System.Net.WebSockets;
using Lightning.Cli.Api;
using Lightning.Cli.Commands;

namespace Lightning.Cli;

/// <summary>
/// The <c>lightning</c> command line: builds the commands, runs the one asked for, and turns every failure into
/// one <c>error:</c> line on stderr and an exit code from <see cref="ExitCodes"/>.
/// </summary>
internal static class CliApplication
{
    const string Name = "lightning";
    static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(15);

    public static RootCommand BuildRootCommand(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("Agent Lightning: run the platform's server and drive its agents, actions and collaborations from the command line.")
        {
            context.Options.Server,
            context.Options.ApiKey,
            context.Options.Json,
            new ServeCommand(context.Console),
            new StatusCommand(context),
            new AgentsCommand(context),
            new ActionsCommand(context),
            new CollaborateCommand(context),
            new DlqCommand(context),
            new WorkerCommand(context),
            new KeysCommand(context),
            new GitCommand(context),
            new TestCommand(context),
            new MonitorCommand(context),
        };
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
        {
            option.Action = new RootHelpAction(help);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var context = new CliContext(console, new GlobalOptions());
        var root = BuildRootCommand(context);
        var parseResult = root.Parse(args);

        if (parseResult.Action is ParseErrorAction)
        {
            return await ReportUsageAsync(parseResult, console);
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Output,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            // The server handles its own Ctrl+C (a graceful stop); other commands get a cancelled token and time to clean up.
            ProcessTerminationTimeout = console.HandlesSignals && parseResult.CommandResult.Command is not ServeCommand ? CancelTimeout : null,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var (exitCode, message) = Describe(ex, context, parseResult, cancellationToken);
            await console.Error.WriteLineAsync($"error: {ProblemText.OneLine(message)}");
            return exitCode;
        }
    }

    /// <summary>What to tell the user about a failure, in one line, and the exit code.</summary>
    static (int ExitCode, string Message) Describe(Exception exception, CliContext context, ParseResult parseResult, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case CliException cli:
                return (cli.ExitCode, cli.Message);
            case LightningApiException { Status: HttpStatusCode.Unauthorized } when context.ApiKey(parseResult) is null:
                return (ExitCodes.Auth, $"the server needs an API key: pass --api-key KEY or set {GlobalOptions.ApiKeyVariable}.");
            case LightningApiException api:
                return (ExitCodes.ForStatus(api.Status), api.Message);
            case ServerUnreachableException unreachable:
                return (ExitCodes.ServerUnreachable, $"{unreachable.Message}. Is it running? Start one with 'lightning serve'.");
            case OperationCanceledException canceled when cancellationToken.IsCancellationRequested || canceled.CancellationToken.IsCancellationRequested:
                return (ExitCodes.Cancelled, "cancelled.");
            case HttpRequestException or WebSocketException or IOException or System.Text.Json.JsonException:
                return (ExitCodes.Failure, exception.Message);
            default:
                // Unexpected: still one line, never a stack trace; the type says where to look.
                return (ExitCodes.Failure, $"unexpected {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>A wrong command line: one error line, and for a group without its subcommand the group's help.</summary>
    static async Task<int> ReportUsageAsync(ParseResult parseResult, CliConsole console)
    {
        var command = parseResult.CommandResult.Command;
        var path = CommandPath(parseResult);
        if (command.Action is null && command.Subcommands.Count > 0 && parseResult.UnmatchedTokens.Count == 0
            && parseResult.Errors.All(error => error.SymbolResult is null || error.SymbolResult == parseResult.CommandResult))
        {
            var tokens = path.Split(' ').Skip(1).Append("--help").ToArray();
            await BuildRootCommand(new CliContext(console, new GlobalOptions())).Parse(tokens)
                .InvokeAsync(new InvocationConfiguration { Output = console.Output, Error = console.Error });
            await console.Error.WriteLineAsync($"error: choose a command: {string.Join(", ", command.Subcommands.Select(sub => sub.Name))}.");
            return ExitCodes.Usage;
        }

        // "Required command was not provided" says nothing more when a mistyped one is reported too.
        var errors = parseResult.Errors.Count > 1
            ? parseResult.Errors.Where(error => !error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            : parseResult.Errors;
        var messages = string.Join(' ', errors.Select(error => Flatten(error.Message)).Distinct(StringComparer.Ordinal));
        await console.Error.WriteLineAsync($"error: {messages} See '{path} --help'.");
        return ExitCodes.Usage;
    }

    /// <summary>A parse error's message on one line, ending with a full stop.</summary>
    static string Flatten(string message)
    {
        var words = message.Split([' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        var text = string.Join(' ', words).TrimEnd('.');
        return text + ".";
    }

    static string CommandPath(ParseResult parseResult)
    {
        var names = new List<string>();
        for (var result = parseResult.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }

        return string.Join(' ', names.Prepend(Name));
    }
}
