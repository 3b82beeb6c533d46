using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>One run of a <see cref="GitLocalCommand"/>: the repository's top level and the services to work on it.</summary>
internal sealed record GitInvocation(ParseResult ParseResult, string Root, IServiceProvider Services, CliConsole Console, bool Json)
    : LocalInvocation(ParseResult, Services, Console, Json)
{
    public T Required<T>(Argument<T> argument) => ParseResult.GetRequiredValue(argument);
}
