using Lightning.Agents.Persistence;
using Lightning.Agents.Registry;
using Lightning.Agents.Roles;
using Lightning.Core.Errors;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Agents.Tests.Registry;

public sealed class AgentRegistryTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedAsync_EmptyRegistry_AddsEverySpecialistRoleOnce()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);

        var first = await host.Registry.SeedAsync(Token);
        var second = await host.Registry.SeedAsync(Token);
        var agents = await host.Registry.ListAsync(Token);

        first.ShouldBe(15);
        second.ShouldBe(0);
        agents.Select(a => a.Name).ShouldBe(AgentRoles.All.Select(r => r.Name).Order(StringComparer.Ordinal));
        agents.ShouldContain(a => a.Name == "security-expert" && a.Capabilities.Contains("security"));
        agents.ShouldContain(a => a.Name == "coordinator");
        agents.ShouldContain(a => a.Name == "reviewer");
        agents.ShouldAllBe(a => a.BuiltIn && a.Location == AgentLocation.InProcess);
    }

    [Fact]
    public async Task SeedAsync_InstallFromBeforeARoleExisted_AddsOnlyThatRolesAgent_AndNeverBringsBackADeletedOne()
    {
        await using var host = await AgentsHost.StartAsync(seed: false);
        await host.Registry.SeedAsync(Token);
        // An install seeded by an older version: its agents exist, nothing records the seeding, and one role is newer.
        await using (var context = await host.Get<IDbContextFactory<AgentsDbContext>>().CreateDbContextAsync(Token))
        {
            await context.SeededRoles.ExecuteDeleteAsync(Token);
            await context.Agents.Where(a => a.Name == "monitor").ExecuteDeleteAsync(Token);
        }

        (await host.Registry.SeedAsync(Token)).ShouldBe(1);
        (await host.Registry.FindAsync("monitor", Token)).ShouldNotBeNull().Capabilities.ShouldContain("monitoring");

        await host.Registry.RemoveAsync("reviewer", Token);
        (await host.Registry.SeedAsync(Token)).ShouldBe(0);
        (await host.Registry.FindAsync("reviewer", Token)).ShouldBeNull();
        (await host.Registry.ListAsync(Token)).Count.ShouldBe(AgentRoles.All.Count - 1);
    }

    [Fact]
    public async Task RegisterAsync_ValidAgent_IsListedAndIdleAtOnce()
    {
        await using var host = await AgentsHost.StartAsync();

        var agent = await host.Registry.RegisterAsync(new AgentRegistration("builder", "devops-engineer", "Builds images", ["command", "files", "docker"], 3, null, null, null), Token);

        agent.Status.ShouldBe(AgentStatus.Idle);
        agent.MaxConcurrency.ShouldBe(3);
        (await host.Registry.FindAsync("builder", Token))!.Capabilities.ShouldBe(["command", "files", "docker"]);
    }

    [Fact]
    public async Task RegisterAsync_KnownRoleWithoutCapabilities_TakesTheRolesCapabilities()
    {
        await using var host = await AgentsHost.StartAsync();

        var agent = await host.Registry.RegisterAsync(new AgentRegistration("db2", "database-specialist", null, null, null, null, null, null), Token);

        agent.Capabilities.ShouldContain("sql");
        agent.Description.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task RegisterAsync_InvalidFields_ReportsEveryProblemAndStoresNothing()
    {
        await using var host = await AgentsHost.StartAsync();
        var before = (await host.Registry.ListAsync(Token)).Count;

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            host.Registry.RegisterAsync(new AgentRegistration("Bad Name!", "", null, ["ok", "NOT OK"], 0, null, null, null), Token));

        error.Errors.Keys.ShouldBe(["name", "role", "capabilities", "maxConcurrency"], ignoreOrder: true);
        (await host.Registry.ListAsync(Token)).Count.ShouldBe(before);
    }

    [Fact]
    public async Task RegisterAsync_SshAgentWithMissingKeyFile_IsRejected()
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<ValidationFailedException>(() => host.Registry.RegisterAsync(
            new AgentRegistration("remote", "devops-engineer", null, null, null, AgentLocation.Ssh, new SshTarget("127.0.0.1", 22, "root", "/no/such/key"), null), Token));

        error.Errors.ShouldContainKey("ssh.privateKeyPath");
    }

    [Fact]
    public async Task RegisterAsync_DuplicateName_IsConflict()
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<LightningException>(() =>
            host.Registry.RegisterAsync(new AgentRegistration("reviewer", "reviewer", null, null, null, null, null, null), Token));

        error.Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Fact]
    public async Task UpdateAsync_ChangesOnlyGivenFields()
    {
        await using var host = await AgentsHost.StartAsync();

        var updated = await host.Registry.UpdateAsync("reviewer", new AgentRegistration(null, null, "Reviews everything", null, 5, null, null, null), Token);

        updated.Description.ShouldBe("Reviews everything");
        updated.MaxConcurrency.ShouldBe(5);
        updated.Role.ShouldBe("reviewer");
        updated.Capabilities.ShouldContain("review");
    }

    [Fact]
    public async Task RemoveAsync_UnknownAgent_IsNotFound()
    {
        await using var host = await AgentsHost.StartAsync();

        (await Should.ThrowAsync<LightningException>(() => host.Registry.RemoveAsync("ghost", Token))).Kind.ShouldBe(ErrorKind.NotFound);
    }

    [Fact]
    public async Task RemoveAsync_AgentExists_IsGone()
    {
        await using var host = await AgentsHost.StartAsync();

        await host.Registry.RemoveAsync("reviewer", Token);

        (await host.Registry.FindAsync("reviewer", Token)).ShouldBeNull();
    }

    [Fact]
    public async Task StatusOf_NoHeartbeatForLong_IsOffline()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var activity = new AgentActivity(time);

        activity.StatusOf("a", TimeSpan.FromSeconds(30)).ShouldBe(AgentStatus.Offline);
        activity.Beat("a");
        activity.StatusOf("a", TimeSpan.FromSeconds(30)).ShouldBe(AgentStatus.Idle);
        using (await activity.AcquireAsync("a", 1, Token))
        {
            activity.StatusOf("a", TimeSpan.FromSeconds(30)).ShouldBe(AgentStatus.Busy);
        }

        time.Advance(TimeSpan.FromSeconds(31));
        activity.StatusOf("a", TimeSpan.FromSeconds(30)).ShouldBe(AgentStatus.Offline);
    }
}
