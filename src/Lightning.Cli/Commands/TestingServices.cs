using Lightning.Agents.Llm;
using Lightning.Core.Storage;
using Microsoft.Extensions.AI;
using Lightning.Testing;
using Lightning.Testing.Housekeeping;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Commands;

/// <summary>
/// The testing module's services for one CLI run, composed as the server composes them: detection, the runner, runs
/// and their history in the data directory's database. Configuration comes from the environment
/// (<c>Lightning__Testing__Runner__TimeoutSeconds</c>, <c>Lightning__Database__Provider</c>, ...), as for the server.
/// </summary>
internal static class TestingServices
{
    public static ServiceProvider Build(string dataDirectory, CliConsole? console = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton((console ?? CliConsole.System).Configuration());
        services.AddLogging();
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName).Configure(options => options.DataDirectory = dataDirectory);
        services.AddLightningTesting();
        // The server's retention settings prune the local history too (after each command that opens it).
        services.AddTestRunPruner();
        // Test generation asks a chat model too when one is configured, as the git commands do.
        if (ChatClientFactory.Create(new LlmOptions
            {
                Endpoint = Environment.GetEnvironmentVariable("LIGHTNING_LLM_ENDPOINT"),
                Model = Environment.GetEnvironmentVariable("LIGHTNING_LLM_MODEL"),
                ApiKey = Environment.GetEnvironmentVariable("LIGHTNING_LLM_API_KEY") ?? Environment.GetEnvironmentVariable("OPENAI_API_KEY"),
            }) is { } chat)
        {
            services.AddSingleton<IChatClient>(chat);
        }

        return services.BuildServiceProvider();
    }
}
