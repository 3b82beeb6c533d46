using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

public sealed class KeysCommandTests(CliServerFixture server)
{
    [Fact]
    public async Task CreateListRevoke_OperatorKey_WorksUntilRevoked()
    {
        var create = await server.RunAsync("keys", "create", "cli-operator", "--role", "operator", "--json");
        using var created = JsonDocument.Parse(create.Stdout);
        var key = created.RootElement.GetProperty("key").GetString()!;
        var id = created.RootElement.GetProperty("apiKey").GetProperty("id").GetString()!;
        var asOperator = await server.RunAsync("status", "--api-key", key);
        var list = await server.RunAsync("keys", "list");
        var revoke = await server.RunAsync("keys", "revoke", id);
        var afterRevoke = await server.RunAsync("status", "--api-key", key);
        var listAfter = await server.RunAsync("keys", "list");

        create.ExitCode.ShouldBe(ExitCodes.Ok, create.ToString());
        created.RootElement.GetProperty("apiKey").GetProperty("role").GetString().ShouldBe("operator");
        asOperator.ExitCode.ShouldBe(ExitCodes.Ok, asOperator.ToString());
        asOperator.Stdout.ShouldContain("cli-operator (operator)");
        list.Stdout.Split('\n').ShouldContain(line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains(" active "));
        list.Stdout.ShouldNotContain(key);
        revoke.ExitCode.ShouldBe(ExitCodes.Ok, revoke.ToString());
        revoke.Stdout.ShouldBe($"Revoked API key {id} ('cli-operator').\n");
        afterRevoke.ExitCode.ShouldBe(ExitCodes.Auth, afterRevoke.ToString());
        afterRevoke.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: The API key is invalid or revoked.");
        listAfter.Stdout.Split('\n').ShouldContain(line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains(" revoked "));
    }

    [Fact]
    public async Task Create_Human_PrintsTheKeyOnce()
    {
        var run = await server.RunAsync("keys", "create", "cli-viewer", "--role", "viewer");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("role viewer");
        run.Stdout.Split('\n').ShouldContain(line => line.TrimStart().StartsWith("lk_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ViewerKey_ChangingThings_ExitsAuthWithItsRole()
    {
        var create = await server.RunAsync("keys", "create", "cli-read-only", "--role", "viewer", "--json");
        using var created = JsonDocument.Parse(create.Stdout);
        var key = created.RootElement.GetProperty("key").GetString()!;
        var environment = new Dictionary<string, string?> { [GlobalOptions.ApiKeyVariable] = key };

        var list = await server.RunAsync(["agents", "list"], environment);
        var run = await server.RunAsync(["actions", "run", CliServerFixture.Agent, "--", "true"], environment);
        var keys = await server.RunAsync(["keys", "list"], environment);

        list.ExitCode.ShouldBe(ExitCodes.Ok, list.ToString());
        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: This API key's role (viewer) may not do this.");
        keys.ExitCode.ShouldBe(ExitCodes.Auth, keys.ToString());
    }

    [Fact]
    public async Task Create_UnknownRole_ExitsUsage()
    {
        var run = await server.RunAsync("keys", "create", "someone", "--role", "root");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
    }

    [Fact]
    public async Task Revoke_UnknownKey_ExitsNotFound()
    {
        var run = await server.RunAsync("keys", "revoke", "000000000000");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No API key with id '000000000000'.");
    }
}
