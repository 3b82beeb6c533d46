using System.CommandLine;
using System.Text.Json;
using Lightning.Cli.Output;
using Lightning.Core.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Commands;

/// <summary>One run of a command that works in the CLI process (no server): its parse result, services and console.</summary>
internal abstract record LocalInvocation(ParseResult ParseResult, IServiceProvider Services, CliConsole Console, bool Json)
{
    public TextWriter Output => Console.Output;

    public TextWriter Error => Console.Error;

    public T Service<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public T? Value<T>(Option<T> option) => ParseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => ParseResult.GetValue(argument);

    /// <summary><c>--json</c>: the module's records with the API's serializer, so the CLI and the API print the same shape.</summary>
    public void WriteJson<T>(T value) => JsonOutput.Write(Output, JsonSerializer.SerializeToNode(value, LightningJson.Options));
}
