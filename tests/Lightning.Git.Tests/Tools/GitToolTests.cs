using System.Text.Json;
using Lightning.Agents;
using Lightning.Agents.Tools;
using Lightning.Core.Storage;
using Lightning.Git.Repositories;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Git.Tests.Tools;

public sealed class GitToolTests : IAsyncDisposable
{
    const string Agent = "repository-analyst";
    readonly TempDirectory _data = new();
    readonly ServiceProvider _services;
    readonly IAgentTool _tool;
    readonly string _repository;

    public GitToolTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddOptions<LightningOptions>().Configure(options => options.DataDirectory = _data.Path);
        services.AddLightningAgents();
        services.AddLightningGit();
        _services = services.BuildServiceProvider();
        _tool = _services.GetServices<IAgentTool>().Single(tool => tool.Name == "git");
        _repository = Path.Combine(_data.Path, "workspaces", Agent, "app");
        Directory.CreateDirectory(_repository);
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_CommitWithGeneratedMessage_CommitsTheStagedChange()
    {
        await InitAsync();
        await File.WriteAllTextAsync(Path.Combine(_repository, "README.md"), "# app\n", Token);

        var result = await RunAsync(new { operation = "commit", path = "app", generate = true, all = true });

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Output!.Value.GetProperty("subject").GetString().ShouldStartWith("docs");
        var log = await RunAsync(new { operation = "log", path = "app" });
        log.Output!.Value.GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task RunAsync_ConflictingMerge_FailsWithoutRetryAndNamesTheFiles()
    {
        await InitAsync();
        (await RunAsync(new { operation = "switch", path = "app", name = "feature", create = true })).Succeeded.ShouldBeTrue();
        await File.WriteAllTextAsync(Path.Combine(_repository, "a.txt"), "feature\n", Token);
        (await RunAsync(new { operation = "commit", path = "app", message = "feat: feature side", all = true })).Succeeded.ShouldBeTrue();
        (await RunAsync(new { operation = "switch", path = "app", name = "main" })).Succeeded.ShouldBeTrue();
        await File.WriteAllTextAsync(Path.Combine(_repository, "a.txt"), "main\n", Token);
        (await RunAsync(new { operation = "commit", path = "app", message = "fix: main side", all = true })).Succeeded.ShouldBeTrue();

        var predicted = await RunAsync(new { operation = "predict-conflicts", path = "app" });
        var merged = await RunAsync(new { operation = "merge", path = "app", source = "feature" });

        predicted.Output!.Value.GetProperty("pairs")[0].GetProperty("status").GetString().ShouldBe("conflicting");
        merged.Succeeded.ShouldBeFalse();
        merged.Retryable.ShouldBeFalse();
        merged.Error.ShouldNotBeNull().ShouldContain("a.txt");
    }

    [Fact]
    public async Task RunAsync_NextVersionAfterAFeature_BumpsMinor()
    {
        await InitAsync();
        (await RunAsync(new { operation = "tag", path = "app", name = "v1.0.0", message = "first release" })).Succeeded.ShouldBeTrue();
        await File.WriteAllTextAsync(Path.Combine(_repository, "b.txt"), "b\n", Token);
        (await RunAsync(new { operation = "commit", path = "app", message = "feat: add b", all = true })).Succeeded.ShouldBeTrue();

        var plan = await RunAsync(new { operation = "next-version", path = "app" });
        var changelog = await RunAsync(new { operation = "changelog", path = "app", unreleased = true });

        plan.Succeeded.ShouldBeTrue(plan.Error);
        plan.Output!.Value.GetProperty("nextVersion").GetString().ShouldBe("1.1.0");
        changelog.Output!.Value.GetProperty("text").GetString().ShouldNotBeNull().ShouldContain("add b");
    }

    [Theory]
    [InlineData("""{"operation":"push"}""", "'operation' must be one of")]
    [InlineData("""{"operation":"clone","url":"/etc"}""", "'url' must be an https")]
    [InlineData("""{"operation":"commit"}""", "'commit' needs a 'message'")]
    public void Validate_BadInput_SaysWhatIsWrong(string input, string expected)
    {
        using var document = JsonDocument.Parse(input);

        _tool.Validate(document.RootElement).ShouldContain(error => error.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PathOutsideTheWorkspace_FailsWithoutTouchingIt()
    {
        var result = await RunAsync(new { operation = "status", path = "../../.." });

        result.Succeeded.ShouldBeFalse();
        result.Retryable.ShouldBeFalse();
    }

    async Task InitAsync()
    {
        var git = _services.GetRequiredService<GitCli>();
        await git.RunAsync(_repository, ["init", "-q", "-b", "main"], Token);
        await File.WriteAllTextAsync(Path.Combine(_repository, "a.txt"), "base\n", Token);
        await git.RunAsync(_repository, ["add", "-A"], Token);
        await git.RunAsync(_repository, ["commit", "-q", "-m", "chore: start"], Token);
    }

    Task<ToolResult> RunAsync(object input) =>
        _tool.RunAsync(new ToolCall(Agent, JsonSerializer.SerializeToElement(input), "key", 1, "test"), Token);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _data.Dispose();
    }
}
