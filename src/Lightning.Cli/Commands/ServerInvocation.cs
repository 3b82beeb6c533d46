using System.CommandLine;
using Lightning.Cli.Api;

namespace Lightning.Cli.Commands;

/// <summary>One run of a <see cref="ServerCommand"/>.</summary>
internal sealed record ServerInvocation(ParseResult ParseResult, LightningClient Client, CliConsole Console, bool Json)
{
    public TextWriter Output => Console.Output;

    public TextWriter Error => Console.Error;

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    public T Required<T>(Argument<T> argument) => ParseResult.GetRequiredValue(argument);
}
