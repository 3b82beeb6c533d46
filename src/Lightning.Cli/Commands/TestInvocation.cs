using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>One run of a <see cref="TestLocalCommand"/>: the directory of tests, the data directory and the services.</summary>
internal sealed record TestInvocation(ParseResult ParseResult, string Directory, string DataDirectory, IServiceProvider Services, CliConsole Console, bool Json)
    : LocalInvocation(ParseResult, Services, Console, Json);
