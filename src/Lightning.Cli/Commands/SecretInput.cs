using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>
/// A secret the CLI sends (an access token, a webhook secret), read from standard input or from an environment
/// variable named on the command line, never from an argument: arguments stay in shell history and show in <c>ps</c>.
/// </summary>
internal sealed class SecretInput
{
    /// <summary>Why there is no <c>--token</c> option, for the commands' help.</summary>
    public const string Why = "Tokens and secrets are never command-line arguments (shell history and ps would show them): pipe them in with --*-stdin or name an environment variable with --*-env.";

    readonly string _what;

    public SecretInput(string what, string option)
    {
        _what = what;
        Stdin = new Option<bool>($"--{option}-stdin") { Description = $"Read the {what} from standard input (one line)" };
        Environment = new Option<string>($"--{option}-env")
        {
            Description = $"Read the {what} from this environment variable (give its NAME, not the value)",
            HelpName = "NAME",
        };
    }

    public Option<bool> Stdin { get; }

    public Option<string> Environment { get; }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Stdin);
        command.Add(Environment);
        command.Validators.Add(result =>
        {
            if (result.GetValue(Stdin) && result.GetResult(Environment) is not null)
            {
                result.AddError($"Give the {_what} one way: {Stdin.Name} or {Environment.Name}, not both.");
            }
        });
    }

    /// <summary>Standard input can feed one secret only.</summary>
    public static void OneReadsStdin(Command command, SecretInput first, SecretInput second)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        command.Validators.Add(result =>
        {
            if (result.GetValue(first.Stdin) && result.GetValue(second.Stdin))
            {
                result.AddError($"Standard input can hold one secret: use {first.Stdin.Name} or {second.Stdin.Name}, and an environment variable for the other.");
            }
        });
    }

    /// <summary>The secret, or null when neither option was given. A missing or unusable value is a usage error.</summary>
    public async Task<string?> ReadAsync(ParseResult parseResult, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(console);
        if (parseResult.GetValue(Stdin))
        {
            // One line: the newline echo or a here-string adds is not part of the secret.
            var text = (await console.Input.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
            if (text.Length == 0)
            {
                throw CliException.Usage($"{Stdin.Name}: standard input held no {_what}.");
            }

            return text.AsSpan().IndexOfAny('\r', '\n') >= 0
                ? throw CliException.Usage($"{Stdin.Name}: the {_what} on standard input must be one line.")
                : text;
        }

        if (parseResult.GetValue(Environment) is not { } variable)
        {
            return null;
        }

        return console.GetVariable(variable.Trim())
            ?? throw CliException.Usage($"{Environment.Name}: the environment variable '{variable}' is not set or is empty.");
    }
}
