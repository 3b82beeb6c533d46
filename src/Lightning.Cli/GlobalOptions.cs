using System.CommandLine;

namespace Lightning.Cli;

/// <summary>The options every command accepts, wherever they appear on the command line.</summary>
internal sealed class GlobalOptions
{
    public const string ServerVariable = "LIGHTNING_SERVER";
    public const string ApiKeyVariable = "LIGHTNING_API_KEY";
    public const string DefaultServer = Lightning.Server.Hosting.LightningServer.DefaultUrl;

    public Option<string> Server { get; } = new("--server")
    {
        Description = $"URL of the server [default: ${ServerVariable} or {DefaultServer}]",
        HelpName = "URL",
        Recursive = true,
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = $"API key to send [default: ${ApiKeyVariable}]",
        HelpName = "KEY",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the API's JSON (one document) instead of tables and text",
        Recursive = true,
    };
}
