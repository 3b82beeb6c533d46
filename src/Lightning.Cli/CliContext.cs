using System.CommandLine;
using Lightning.Cli.Api;

namespace Lightning.Cli;

/// <summary>What every command shares: the console and the global options, resolved against the environment.</summary>
internal sealed class CliContext(CliConsole console, GlobalOptions options)
{
    public CliConsole Console { get; } = console;

    public GlobalOptions Options { get; } = options;

    public bool IsJson(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return parseResult.GetValue(Options.Json);
    }

    public string? ApiKey(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var key = parseResult.GetValue(Options.ApiKey) ?? Console.GetVariable(GlobalOptions.ApiKeyVariable);
        return string.IsNullOrWhiteSpace(key) ? null : key.Trim();
    }

    /// <summary>The server URL from <c>--server</c>, <c>LIGHTNING_SERVER</c> or the default; a malformed one is a usage error.</summary>
    public Uri ServerUrl(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var fromOption = parseResult.GetValue(Options.Server);
        var text = fromOption ?? Console.GetVariable(GlobalOptions.ServerVariable) ?? GlobalOptions.DefaultServer;
        if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            return url;
        }

        var source = fromOption is not null ? "--server" : GlobalOptions.ServerVariable;
        throw CliException.Usage($"{source} '{text}' is not an http:// or https:// URL.");
    }

    public LightningClient CreateClient(ParseResult parseResult) => new(ServerUrl(parseResult), ApiKey(parseResult));
}
