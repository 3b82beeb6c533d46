using Microsoft.Extensions.Configuration;

namespace Lightning.Cli;

/// <summary>
/// What a command may touch of the outside world: its output streams, its environment and, for a real console,
/// Ctrl+C. Tests pass writers and variables of their own.
/// </summary>
internal sealed class CliConsole
{
    readonly IReadOnlyDictionary<string, string?>? _environment;

    public CliConsole(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        Error = error;
        _environment = environment;
    }

    /// <summary>The process's own console and environment, with Ctrl+C cancelling the running command.</summary>
    public static CliConsole System { get; } = new(Console.Out, Console.Error) { Input = Console.In, HandlesSignals = true };

    public TextWriter Output { get; }

    public TextWriter Error { get; }

    /// <summary>Standard input, for <c>--content-file -</c>.</summary>
    public TextReader Input { get; init; } = TextReader.Null;

    /// <summary>Whether Ctrl+C and SIGTERM cancel the command's token; only for a real console.</summary>
    public bool HandlesSignals { get; init; }

    /// <summary>
    /// The text of <paramref name="file"/>, or all of standard input when it is <c>-</c>; a file that cannot be read is
    /// a usage error naming <paramref name="option"/>.
    /// </summary>
    public async Task<string> ReadFileOrInputAsync(string option, string file, CancellationToken cancellationToken)
    {
        if (file == "-")
        {
            return await Input.ReadToEndAsync(cancellationToken);
        }

        try
        {
            return await File.ReadAllTextAsync(file, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CliException.Usage($"cannot read {option} '{file}': {ex.Message}");
        }
    }

    /// <summary>An environment variable; with an explicit environment, only its variables exist.</summary>
    public string? GetVariable(string name)
    {
        var value = _environment is null
            ? Environment.GetEnvironmentVariable(name)
            : _environment.GetValueOrDefault(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// Configuration as the server reads it (<c>Lightning__Section__Key</c> variables); an explicit environment's
    /// variables are laid over the process's.
    /// </summary>
    public IConfiguration Configuration()
    {
        var builder = new ConfigurationBuilder().AddEnvironmentVariables();
        if (_environment is not null)
        {
            builder.AddInMemoryCollection(_environment
                .Where(variable => variable.Key.Contains("__", StringComparison.Ordinal))
                .Select(variable => KeyValuePair.Create(variable.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), variable.Value)));
        }

        return builder.Build();
    }
}
