using Lightning.Core.Ids;
using Lightning.Testing.History;
using Lightning.Testing.Housekeeping;
using Lightning.Testing.Notifications;
using Lightning.Testing.Persistence;
using Lightning.Testing.Tests.History;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shouldly;

namespace Lightning.Testing.Tests.Housekeeping;

/// <summary>Retention on the real store: by age, by count per repository, everything of a run deleted with it.</summary>
public sealed class TestRunPrunerTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prune_ByDays_DeletesOldFinishedRunsWithTheirEventsResultsDetailsAndDeliveries()
    {
        await using var harness = await HarnessAsync(options => options.Days = 7);
        var old = await harness.ImportAsync(HistoryHarness.FailingReport);
        await AddDeliveryAsync(harness, old.Id);
        var stuck = await CreateRunningAsync(harness, "shop");
        harness.Clock.Advance(TimeSpan.FromDays(3));
        var middle = await harness.ImportAsync(HistoryHarness.PassingReport);
        harness.Clock.Advance(TimeSpan.FromDays(5));
        var recent = await harness.ImportAsync(HistoryHarness.PassingReport);

        var deleted = await harness.Services.GetRequiredService<TestRunPruner>().PruneAsync(Token);

        deleted.ShouldBe(1);
        (await RunIdsAsync(harness)).ShouldBe([middle.Id, stuck, recent.Id], ignoreOrder: true);
        await using var context = await ContextAsync(harness);
        (await context.Events.CountAsync(e => e.RunId == old.Id, Token)).ShouldBe(0);
        (await context.Results.CountAsync(r => r.RunId == old.Id, Token)).ShouldBe(0);
        (await context.Details.CountAsync(d => d.RunId == old.Id, Token)).ShouldBe(0);
        (await context.Projects.CountAsync(p => p.RunId == old.Id, Token)).ShouldBe(0);
        (await context.NotificationDeliveries.CountAsync(d => d.RunId == old.Id, Token)).ShouldBe(0);
        (await context.Results.CountAsync(r => r.RunId == middle.Id, Token)).ShouldBe(2, "kept runs keep their results");
        (await context.Events.CountAsync(e => e.RunId == middle.Id, Token)).ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Prune_ByCount_KeepsTheNewestRunsOfEachRepository_AndNeverUnfinishedOnes()
    {
        await using var harness = await HarnessAsync(options => options.MaxRunsPerRepository = 2);
        var a1 = await harness.ImportAsync(HistoryHarness.PassingReport, repository: "a");
        var stuck = await CreateRunningAsync(harness, "a");
        var a2 = await harness.ImportAsync(HistoryHarness.FailingReport, repository: "a");
        var a3 = await harness.ImportAsync(HistoryHarness.PassingReport, repository: "a");
        var b1 = await harness.ImportAsync(HistoryHarness.PassingReport, repository: "b");
        using var changes = harness.Services.GetRequiredService<TestRunChanges>().Subscribe();

        (await harness.Services.GetRequiredService<TestRunPruner>().PruneAsync(Token)).ShouldBe(1);

        // The live runs list hears of the deletion.
        changes.Reader.TryRead(out var deletion).ShouldBeTrue();
        (deletion!.Type, deletion.Id, deletion.Run).ShouldBe((TestRunChangeTypes.Deleted, a1.Id, (TestRunView?)null));

        (await RunIdsAsync(harness)).ShouldBe([stuck, a2.Id, a3.Id, b1.Id], ignoreOrder: true);
        (await harness.Store.FindAsync(a1.Id, Token)).ShouldBeNull();
        (await harness.Services.GetRequiredService<TestRunPruner>().PruneAsync(Token)).ShouldBe(0, "nothing more to prune");
    }

    [Fact]
    public async Task NoRetentionConfigured_KeepsEverything_AndTheHostedServicePrunesAtStart()
    {
        await using (var keepAll = await HarnessAsync(_ => { }))
        {
            await keepAll.ImportAsync(HistoryHarness.PassingReport);
            keepAll.Clock.Advance(TimeSpan.FromDays(5000));
            (await keepAll.Services.GetRequiredService<TestRunPruner>().PruneAsync(Token)).ShouldBe(0);
            (await RunIdsAsync(keepAll)).Count.ShouldBe(1);
        }

        await using var harness = await HarnessAsync(options => options.Days = 1);
        await harness.ImportAsync(HistoryHarness.PassingReport);
        harness.Clock.Advance(TimeSpan.FromDays(2));
        var service = harness.Services.GetServices<IHostedService>().OfType<TestRunRetentionService>().ShouldHaveSingleItem();
        await service.StartAsync(Token);
        for (var i = 0; i < 100 && (await RunIdsAsync(harness)).Count > 0; i++)
        {
            await Task.Delay(50, Token);
        }

        await service.StopAsync(Token);
        (await RunIdsAsync(harness)).ShouldBeEmpty();
    }

    static Task<HistoryHarness> HarnessAsync(Action<TestRunRetentionOptions> configure) =>
        HistoryHarness.CreateAsync(services: services => services.Configure(configure));

    static Task<TestingDbContext> ContextAsync(HistoryHarness harness) =>
        harness.Services.GetRequiredService<IDbContextFactory<TestingDbContext>>().CreateDbContextAsync(Token);

    static async Task<List<string>> RunIdsAsync(HistoryHarness harness)
    {
        await using var context = await ContextAsync(harness);
        return await context.Runs.Select(r => r.Id).ToListAsync(Token);
    }

    static async Task<string> CreateRunningAsync(HistoryHarness harness, string repository)
    {
        var id = LightningId.New("trun");
        await harness.Store.CreateAsync(new TestRunEntity
        {
            Id = id, Repository = repository, Trigger = TestRunTriggers.Api, RequestedBy = "me", Status = TestRunStatus.Running, CreatedAt = harness.Clock.GetUtcNow(),
        }, Token);
        return id;
    }

    static async Task AddDeliveryAsync(HistoryHarness harness, string runId)
    {
        await using var context = await ContextAsync(harness);
        context.NotificationDeliveries.Add(new NotificationDeliveryEntity
        {
            Id = LightningId.New("ndel"), RuleId = "nrule_x", RuleName = "x", RunId = runId, Events = "failed", Target = "example.com",
            Status = NotificationDeliveryStatus.Delivered, CreatedAt = harness.Clock.GetUtcNow(),
        });
        await context.SaveChangesAsync(Token);
    }
}
