using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Lightning.Cli;

/// <summary>The standard help, and under <c>lightning --help</c> the environment variables and exit codes as well.</summary>
internal sealed class RootHelpAction(HelpAction help) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exitCode = help.Invoke(parseResult);
        if (parseResult.CommandResult.Command is RootCommand)
        {
            WriteEnvironmentAndExitCodes(parseResult.InvocationConfiguration.Output);
        }

        return exitCode;
    }

    static void WriteEnvironmentAndExitCodes(TextWriter output)
    {
        output.WriteLine("Environment:");
        output.WriteLine($"  {GlobalOptions.ServerVariable,-20}server URL (instead of --server)");
        output.WriteLine($"  {GlobalOptions.ApiKeyVariable,-20}API key (instead of --api-key)");
        output.WriteLine($"  {"LIGHTNING_DATA",-20}data directory of 'serve' and 'test' (instead of --data)");
        output.WriteLine();
        output.WriteLine("Exit codes:");
        foreach (var (code, meaning) in ExitCodes.Documented)
        {
            output.WriteLine($"  {code,-7}{meaning}");
        }

        output.WriteLine();
    }
}
