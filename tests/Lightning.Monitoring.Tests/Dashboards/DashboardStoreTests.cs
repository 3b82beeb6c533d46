using Lightning.Core.Errors;
using Lightning.Monitoring.Dashboards;
using Lightning.Monitoring.Tests.Alerts;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Monitoring.Tests.Dashboards;

/// <summary>The dashboards table and its version check on SQLite and on a real PostgreSQL (the Dashboards migration on both).</summary>
public sealed class DashboardStoreTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static DashboardDefinition Definition(string name) => new()
    {
        Name = name,
        Variables = new Dictionary<string, string> { ["host"] = "web-1" },
        Panels = [new DashboardPanel { Id = "cpu", Title = "CPU", Query = new PanelQuery { Measurement = "cpu", Where = "host=$host" } }],
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Update_NeedsTheCurrentVersion_AndDeleteRemoves(bool postgres)
    {
        await using var harness = await AlertHarness.CreateAsync(postgres, services => services.AddMonitoringDashboards());
        var store = harness.Services.GetRequiredService<DashboardStore>();

        var created = await store.CreateAsync(Definition("Web"), "ops", Token);
        var updated = await store.UpdateAsync(created.Id, Definition("Web v2"), expectedVersion: 1, Token);
        var stale = await store.UpdateAsync(created.Id, Definition("Web v3"), expectedVersion: 1, Token);

        created.Version.ShouldBe(1);
        updated!.Version.ShouldBe(2);
        updated.Name.ShouldBe("Web v2");
        updated.Panels.ShouldHaveSingleItem().Query!.Where.ShouldBe("host=$host");
        stale.ShouldBeNull();
        (await store.GetAsync(created.Id, Token)).Name.ShouldBe("Web v2");
        (await store.ListAsync(Token)).Select(d => d.Id).ShouldBe([created.Id]);
        await store.DeleteAsync(created.Id, Token);
        (await Should.ThrowAsync<LightningException>(() => store.GetAsync(created.Id, Token))).Kind.ShouldBe(ErrorKind.NotFound);
        (await Should.ThrowAsync<LightningException>(() => store.UpdateAsync(created.Id, Definition("x"), 2, Token))).Kind.ShouldBe(ErrorKind.NotFound);
    }
}
