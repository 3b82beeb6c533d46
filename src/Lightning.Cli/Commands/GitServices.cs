using Lightning.Agents.Llm;
using Lightning.Git;
using Lightning.Git.Insights;
using Lightning.Git.Insights.Conflicts;
using Lightning.Git.Releases;
using Lightning.Git.Repositories;
using Lightning.Git.Repositories.Merging;
using Lightning.Git.Review;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Commands;

/// <summary>The git module's services for one CLI run, composed as the server composes them, minus storage and hosting.</summary>
internal static class GitServices
{
    /// <summary>
    /// Configuration comes from the environment (<c>Lightning__Git__Releases__TagPrefix</c>, ...), as for the server;
    /// the model from <c>LIGHTNING_LLM_*</c>, which gives commit bodies and the LLM reviewer.
    /// </summary>
    public static ServiceProvider Build(CliConsole console, (string? Name, string? Email)? identity)
    {
        ArgumentNullException.ThrowIfNull(console);
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddEnvironmentVariables().Build());
        services.AddLogging();
        services.AddLightningGitRepositories();
        services.AddLightningGitMerging();
        services.AddLightningConflictPrediction();
        services.AddGitInsights();
        services.AddGitReview();
        services.AddGitReleases();
        if (identity is { } user)
        {
            // Someone running the CLI on their own repository commits as themselves, as git would.
            services.PostConfigure<GitOptions>(options =>
            {
                options.AuthorName = user.Name ?? options.AuthorName;
                options.AuthorEmail = user.Email ?? options.AuthorEmail;
            });
        }

        var llm = new LlmOptions
        {
            Endpoint = console.GetVariable("LIGHTNING_LLM_ENDPOINT"),
            Model = console.GetVariable("LIGHTNING_LLM_MODEL"),
            ApiKey = console.GetVariable("LIGHTNING_LLM_API_KEY") ?? console.GetVariable("OPENAI_API_KEY"),
        };
        if (ChatClientFactory.Create(llm) is { } chat)
        {
            services.AddSingleton<IChatClient>(chat);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>The repository's <c>user.name</c> and <c>user.email</c> (local, global or system), null where unset.</summary>
    public static async Task<(string? Name, string? Email)> UserIdentityAsync(GitCli git, string root, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(git);
        // Exit code 1: nothing set, which is an answer.
        var result = await git.RunAsync(root, ["config", "--get-regexp", @"^user\.(name|email)$"], cancellationToken,
            new GitCliRequest { AcceptedExitCodes = [0, 1] });
        string? name = null, email = null;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0)
            {
                continue;
            }

            var value = line[(space + 1)..].Trim();
            if (value.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("user.name ", StringComparison.Ordinal))
            {
                name = value;
            }
            else
            {
                email = value;
            }
        }

        return (name, email);
    }
}
