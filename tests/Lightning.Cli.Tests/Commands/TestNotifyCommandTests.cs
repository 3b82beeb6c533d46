using System.Text.Json;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test notify</c> against a real server that sends to a real HTTP receiver on loopback.</summary>
public sealed class TestNotifyCommandTests(CliServerFixture server) : IDisposable
{
    readonly RecordedHttpServer _receiver = new();
    readonly string _suffix = Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _receiver.Dispose();

    [Fact]
    public async Task Add_List_Test_Update_Deliveries_Remove_AWebhookRule()
    {
        _receiver.On("POST", "/hooks/ok", 200, "{}").On("POST", "/hooks/gone", 410, "{}");
        var name = "cli-hooks-" + _suffix;
        var secret = new Dictionary<string, string?> { ["HOOK_SECRET"] = "0123456789abcdef-cli-secret" };

        var added = await server.RunAsync(["test", "notify", "add", name, "--channel", "webhook", "--event", "failed,recovered", "--event", "flaky-found",
            "--repository", "shop", "--url", new Uri(_receiver.BaseAddress, "/hooks/ok").ToString(), "--secret-env", "HOOK_SECRET"], secret);
        var badEvent = await server.RunAsync(["test", "notify", "add", "x-" + _suffix, "--channel", "webhook", "--event", "exploded"]);
        var noSecret = await server.RunAsync(["test", "notify", "add", "y-" + _suffix, "--channel", "webhook", "--event", "failed",
            "--url", new Uri(_receiver.BaseAddress, "/hooks/ok").ToString()]);
        var list = await server.RunAsync(["test", "notify", "list"]);
        var sent = await server.RunAsync(["test", "notify", "test", name]);
        var updated = await server.RunAsync(["test", "notify", "update", name, "--disable", "--url", new Uri(_receiver.BaseAddress, "/hooks/gone").ToString()]);
        var refused = await server.RunAsync(["test", "notify", "test", name]);
        var nothing = await server.RunAsync(["test", "notify", "update", name]);
        var deliveries = await server.RunAsync(["test", "notify", "deliveries", "--rule", name, "--json"]);
        var removed = await server.RunAsync(["test", "notify", "remove", name]);
        var after = await server.RunAsync(["test", "notify", "list", "--json"]);
        var unknown = await server.RunAsync(["test", "notify", "remove", name]);

        added.ExitCode.ShouldBe(ExitCodes.Ok, added.ToString());
        added.Stdout.ShouldContain($"Added notification rule '{name}'.");
        added.Stdout.ShouldContain("failed, recovered, flaky-found");
        added.Stdout.ShouldNotContain("0123456789abcdef-cli-secret");
        badEvent.ExitCode.ShouldBe(ExitCodes.Usage, badEvent.ToString());
        badEvent.Stderr.ShouldContain("--event 'exploded' is not one of");
        noSecret.ExitCode.ShouldBe(ExitCodes.InvalidRequest, noSecret.ToString());
        noSecret.Stderr.ShouldContain("secret", Case.Insensitive);
        list.Stdout.ShouldContain(name);
        list.Stdout.ShouldContain("(signed)");

        sent.ExitCode.ShouldBe(ExitCodes.Ok, sent.ToString());
        sent.Stdout.ShouldStartWith("Delivered a sample to");
        var request = _receiver.Requests.Where(r => r.PathAndQuery == "/hooks/ok").ShouldHaveSingleItem();
        request.Headers["X-Lightning-Event"].ShouldBe("test");
        request.Headers["X-Lightning-Signature"].ShouldStartWith("sha256=");

        updated.ExitCode.ShouldBe(ExitCodes.Ok, updated.ToString());
        updated.Stdout.ShouldContain("enabled:");
        updated.Stdout.ShouldContain("no");
        refused.ExitCode.ShouldBe(ExitCodes.Failure, refused.ToString());
        refused.Stdout.ShouldContain("HTTP 410");
        _receiver.Requests.Count(r => r.PathAndQuery == "/hooks/gone").ShouldBe(1, "a disabled rule is still sent its test, and 410 is not retried");
        nothing.ExitCode.ShouldBe(ExitCodes.Usage, nothing.ToString());

        var items = JsonDocument.Parse(deliveries.Stdout).RootElement.GetProperty("items").EnumerateArray()
            .Select(d => (d.GetProperty("status").GetString(), d.GetProperty("responseStatus").GetInt32())).ToList();
        items.ShouldBe([("failed", 410), ("delivered", 200)]);
        removed.ExitCode.ShouldBe(ExitCodes.Ok, removed.ToString());
        after.Stdout.ShouldNotContain(name);
        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
    }
}
