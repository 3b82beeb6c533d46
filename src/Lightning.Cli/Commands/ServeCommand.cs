using System.CommandLine;
using Lightning.Server.Hosting;

namespace Lightning.Cli.Commands;

/// <summary>
/// Runs the server in this process. The options are shorthands for the server's own configuration keys; anything
/// after <c>--</c> is passed to it as is (for example <c>--Lightning:Auth:AllowAnonymousLoopback=true</c>).
/// </summary>
internal sealed class ServeCommand : Command
{
    readonly Option<string> _urls = new("--urls") { Description = $"Address(es) to listen on, ';'-separated [default: {LightningServer.DefaultUrl}]", HelpName = "URL" };

    readonly Option<string> _data = new("--data") { Description = "Data directory [default: $LIGHTNING_DATA or ./.lightning]", HelpName = "DIR" };

    readonly Option<string> _postgres = new("--postgres") { Description = "Use this PostgreSQL database instead of SQLite", HelpName = "CONNSTRING" };

    readonly Argument<string[]> _serverArguments = new("SERVER-ARGS")
    {
        Description = "More server settings after '--', e.g. --Lightning:Agents:MaxTimeoutSeconds=7200",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public ServeCommand(CliConsole console)
        : base("serve", "Run the server (API, dashboard, agents) in this process; needs no other server")
    {
        ArgumentNullException.ThrowIfNull(console);
        Add(_urls);
        Add(_data);
        Add(_postgres);
        Add(_serverArguments);
        SetAction(async (parseResult, _) => await LightningServer.RunAsync(ServerArguments(parseResult), console.Error));
    }

    /// <summary>The server's command line for what the user typed.</summary>
    public string[] ServerArguments(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var arguments = new List<string>();
        if (parseResult.GetValue(_urls) is { } urls)
        {
            arguments.Add("--urls");
            arguments.Add(urls);
        }

        if (parseResult.GetValue(_data) is { } data)
        {
            arguments.Add($"--Lightning:DataDirectory={Path.GetFullPath(data)}");
        }

        if (parseResult.GetValue(_postgres) is { } connectionString)
        {
            arguments.Add("--Lightning:Database:Provider=Postgres");
            arguments.Add($"--Lightning:Database:ConnectionString={connectionString}");
        }

        arguments.AddRange(parseResult.GetValue(_serverArguments) ?? []);
        return [.. arguments];
    }
}
