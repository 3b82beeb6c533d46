using System.Text.Json;
using Lightning.Agents.Actions;
using Lightning.Agents.Tools;
using Lightning.Cli.Commands;
using Lightning.Core.Serialization;
using Lightning.Testing.Generation;
using Lightning.Testing.History;
using Lightning.Testing.Persistence;
using Lightning.TestUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary>A <c>lightning worker</c> composes the testing module, so its agents run the <c>test</c> tool as in-process agents do.</summary>
public sealed class WorkerTestingTests
{
    [Fact]
    public async Task WorkerServices_HaveTheTestTool_WhichRunsRealPytestAndRecordsTheRun()
    {
        var token = TestContext.Current.CancellationToken;
        using var workspace = new TempDirectory();
        await using var services = WorkerCommand.LocalServices(new ConfigurationBuilder().Build(), workspace.Path);
        await WorkerCommand.MigrateTestingAsync(services, token);

        var tool = services.GetRequiredService<ToolCatalog>().Find("test").ShouldNotBeNull();
        var project = Path.Combine(services.GetRequiredService<ActionExecutor>().WorkspaceOf("worker-a").Root, "app");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "pytest.ini"), "[pytest]\n");
        File.WriteAllText(Path.Combine(project, "test_calc.py"), "def test_add():\n    assert 1 + 1 == 2\n");

        var result = await tool.RunAsync(new ToolCall("worker-a", JsonSerializer.SerializeToElement(new { operation = "run", path = "app" }, LightningJson.Options),
            "key", 1, "tester"), token);

        result.Succeeded.ShouldBeTrue(result.Error);
        result.Output!.Value.GetProperty("totals").GetProperty("passed").GetInt32().ShouldBe(1);
        var run = await services.GetRequiredService<TestRunService>().Store.FindAsync(result.Output.Value.GetProperty("runId").GetString()!, token);
        run.ShouldNotBeNull().Status.ShouldBe(TestRunStatus.Passed);
    }

    [Fact]
    public async Task MigrateTestingAsync_GenerationBatchLeftRunning_EndsFailedWithTheWorkerRestartNote()
    {
        var token = TestContext.Current.CancellationToken;
        using var workspace = new TempDirectory();
        await using (var first = WorkerCommand.LocalServices(new ConfigurationBuilder().Build(), workspace.Path))
        {
            await WorkerCommand.MigrateTestingAsync(first, token);
            var contexts = first.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TestingDbContext>>();
            await using var context = await contexts.CreateDbContextAsync(token);
            context.GenerationBatches.Add(new GenerationBatchEntity
            {
                Id = "tgen_worker", Repository = "app", WorkspaceRoot = workspace.Path, Path = "app", Max = 4, RequestedBy = "tester",
                Status = GenerationBatchStatus.Running, CreatedAt = DateTimeOffset.UtcNow,
            });
            await context.SaveChangesAsync(token);
        }

        // The worker starts again on the same workspace.
        await using var services = WorkerCommand.LocalServices(new ConfigurationBuilder().Build(), workspace.Path);
        await WorkerCommand.MigrateTestingAsync(services, token);

        var batch = (await services.GetRequiredService<TestGenerationService>().GetAsync("tgen_worker", token)).ShouldNotBeNull();
        batch.Status.ShouldBe(GenerationBatchStatus.Failed);
        batch.Error.ShouldNotBeNull().ShouldStartWith("Interrupted by a worker restart at ");
    }
}
