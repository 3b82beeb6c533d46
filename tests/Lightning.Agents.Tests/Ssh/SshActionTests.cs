using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.TestUtilities;

namespace Lightning.Agents.Tests.Ssh;

/// <summary>SSH actions against the real OpenSSH server that scripts/services/sshd.sh starts on loopback.</summary>
public sealed class SshActionTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static async Task<AgentsHost> HostWithSshAgentAsync(SshTestServer ssh, string? knownHosts, int? port = null)
    {
        var host = await AgentsHost.StartAsync(new Dictionary<string, string?> { ["Lightning:Agents:SshConnectTimeoutSeconds"] = "3" });
        if (knownHosts is not null)
        {
            Directory.CreateDirectory(Path.Combine(host.DataDirectory, "ssh"));
            File.Copy(knownHosts, Path.Combine(host.DataDirectory, "ssh", "known_hosts"));
        }

        await host.Registry.RegisterAsync(new AgentRegistration("remote", "devops-engineer", null, ["command"], 2, AgentLocation.Ssh,
            new SshTarget(ssh.Host, port ?? ssh.Port, ssh.User, ssh.PrivateKeyPath), null), Token);
        return host;
    }

    [Fact]
    public async Task Command_OnSshHost_RunsWithArgumentsVerbatimAndStreams()
    {
        var ssh = TestServices.Ssh();
        await using var host = await HostWithSshAgentAsync(ssh, ssh.KnownHostsPath);

        var action = await host.Actions.SubmitAsync(new ActionRequest("remote", ActionKind.Command,
            ["sh", "-c", "echo \"$1\"; echo to-stderr >&2; exit 5", "arg0", "it's $(id) `x`"]), "tests", Token);
        var subscription = host.Streams.Subscribe(action.Id);
        await host.Actions.WaitAsync(action.Id, Token);
        var done = (await host.Actions.GetAsync(action.Id, Token))!;
        var output = (await host.Actions.GetOutputAsync(action.Id, Token))!.Output;

        done.Status.ShouldBe(ActionStatus.Failed);
        done.ExitCode.ShouldBe(5);
        output.ShouldContain("it's $(id) `x`\n");
        output.ShouldContain("to-stderr");
        subscription.ShouldNotBeNull();
    }

    [Fact]
    public async Task Command_OnSshHostPastTimeout_IsTimedOut()
    {
        var ssh = TestServices.Ssh();
        await using var host = await HostWithSshAgentAsync(ssh, ssh.KnownHostsPath);

        var action = await host.RunAsync(new ActionRequest("remote", ActionKind.Command, ["sleep", "30"], TimeoutSeconds: 1), Token);

        action.Status.ShouldBe(ActionStatus.TimedOut);
        action.DurationMs!.Value.ShouldBeLessThan(15_000);
    }

    [Fact]
    public async Task Command_UnknownHostKey_FailsWithFingerprintAndRunsNothing()
    {
        var ssh = TestServices.Ssh();
        await using var host = await HostWithSshAgentAsync(ssh, knownHosts: null);
        var marker = "/tmp/lightning-ssh-marker-" + Guid.NewGuid().ToString("N");

        var action = await host.RunAsync(new ActionRequest("remote", ActionKind.Command, ["touch", marker]), Token);

        action.Status.ShouldBe(ActionStatus.Failed);
        action.Error!.ShouldContain("is not in");
        action.Error!.ShouldContain("SHA256:");
        action.Error!.ShouldContain("ssh-keyscan");
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task Command_ChangedHostKey_IsRefused()
    {
        var ssh = TestServices.Ssh();
        using var directory = new TempDirectory();
        var forged = directory.Combine("known_hosts");
        var realLine = File.ReadAllLines(ssh.KnownHostsPath).First(line => line.Contains("ssh-ed25519", StringComparison.Ordinal)).Split(' ');
        File.WriteAllText(forged, $"{realLine[0]} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDtSn5xyqmqxKrxH8ZqQqiTrAbEIMNVpPpR3p3nZ0pzN\n");
        await using var host = await HostWithSshAgentAsync(ssh, forged);

        var action = await host.RunAsync(new ActionRequest("remote", ActionKind.Command, ["true"]), Token);

        action.Status.ShouldBe(ActionStatus.Failed);
        action.Error!.ShouldContain("differs");
    }

    [Fact]
    public async Task Command_UnreachableHost_FailsClearly()
    {
        var ssh = TestServices.Ssh();
        await using var host = await HostWithSshAgentAsync(ssh, ssh.KnownHostsPath, port: FreePort());

        var action = await host.RunAsync(new ActionRequest("remote", ActionKind.Command, ["true"]), Token);

        action.Status.ShouldBe(ActionStatus.Failed);
        action.Error!.ShouldStartWith($"Cannot reach SSH host {ssh.Host}:");
    }

    [Fact]
    public async Task Heartbeat_ReachableAndUnreachableHosts_SetStatus()
    {
        var ssh = TestServices.Ssh();
        await using var host = await HostWithSshAgentAsync(ssh, ssh.KnownHostsPath);
        await host.Registry.RegisterAsync(new AgentRegistration("gone", "devops-engineer", null, ["command"], 1, AgentLocation.Ssh,
            new SshTarget(ssh.Host, FreePort(), ssh.User, ssh.PrivateKeyPath), null), Token);

        await host.Get<AgentHeartbeatService>().BeatOnceAsync(Token);

        (await host.Registry.FindAsync("remote", Token))!.Status.ShouldBe(AgentStatus.Idle);
        (await host.Registry.FindAsync("gone", Token))!.Status.ShouldBe(AgentStatus.Offline);
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
