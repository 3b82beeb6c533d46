using System.Diagnostics;
using System.Text.Json;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary>
/// <c>lightning test import --format</c>: a report written by a real <c>go test -json</c>, imported with its format named,
/// locally and on a real server; a wrong format is one error line naming the file, and nothing is recorded.
/// </summary>
public sealed class TestImportFormatCommandTests(CliServerFixture server) : IDisposable
{
    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    string Data => _temp.Combine("data");

    [Fact]
    public async Task Import_Local_NamedFormatIsReadAndAWrongOneRecordsNothing()
    {
        var file = await GoTestJsonAsync();

        var imported = await LocalAsync("test", "import", file, "--format", "go-json", "--repository", "go-shop", "--json");
        var wrong = await LocalAsync("test", "import", file, "--format", "tap", "--repository", "go-shop");
        var unknown = await LocalAsync("test", "import", file, "--format", "yaml", "--repository", "go-shop");
        var history = await LocalAsync("test", "history", "--repository", "go-shop", "--json");

        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.ToString());
        var details = JsonDocument.Parse(imported.Stdout).RootElement;
        (details.GetProperty("run").GetProperty("status").GetString(), details.GetProperty("run").GetProperty("framework").GetString()).ShouldBe(("failed", "go-test"));
        details.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("name").GetString(), r.GetProperty("outcome").GetString())).Order()
            .ShouldBe([("TestAdd", "passed"), ("TestSub", "failed")]);
        wrong.ExitCode.ShouldNotBe(ExitCodes.Ok, wrong.ToString());
        wrong.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: go.json: given as tap, but the file is go-json.");
        unknown.ExitCode.ShouldBe(ExitCodes.Usage, unknown.ToString());
        JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items").GetArrayLength().ShouldBe(1, "only the good import was recorded");
    }

    [Fact]
    public async Task Import_Server_SendsTheFormatAndTheServerChecksIt()
    {
        var file = await GoTestJsonAsync();
        var repository = "cli-format-" + Guid.NewGuid().ToString("N")[..8];

        var imported = await server.RunAsync(["test", "import", file, "--server", server.Url, "--repository", repository, "--format", "go-json", "--json"]);
        var wrong = await server.RunAsync(["test", "import", file, "--server", server.Url, "--repository", repository, "--format", "trx"]);
        var history = await server.RunAsync(["test", "history", "--server", server.Url, "--repository", repository, "--json"]);

        imported.ExitCode.ShouldBe(ExitCodes.Ok, imported.ToString());
        JsonDocument.Parse(imported.Stdout).RootElement.GetProperty("run").GetProperty("framework").GetString().ShouldBe("go-test");
        wrong.ExitCode.ShouldNotBe(ExitCodes.Ok, wrong.ToString());
        wrong.Stderr.ShouldContain("go.json: given as trx, but the file is go-json.");
        JsonDocument.Parse(history.Stdout).RootElement.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    /// <summary>Runs a real Go module's tests (one passes, one fails) with <c>go test -json</c> and keeps the output.</summary>
    async Task<string> GoTestJsonAsync()
    {
        var module = _temp.Combine("calc");
        Directory.CreateDirectory(module);
        await File.WriteAllTextAsync(Path.Combine(module, "go.mod"), "module example.com/calc\n\ngo 1.19\n", Token);
        await File.WriteAllTextAsync(Path.Combine(module, "calc_test.go"), """
            package calc

            import "testing"

            func TestAdd(t *testing.T) {
                if 1+1 != 2 {
                    t.Fatal("add")
                }
            }

            func TestSub(t *testing.T) {
                t.Fatal("three minus one is not one")
            }
            """, Token);
        var start = new ProcessStartInfo("go") { UseShellExecute = false, WorkingDirectory = module, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "test", "-json", "./..." })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GOFLAGS"] = "-mod=mod";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Token);
        var errors = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        var json = await output;
        json.ShouldContain("\"Action\":\"fail\"", customMessage: await errors);
        var file = _temp.Combine("go.json");
        await File.WriteAllTextAsync(file, json, Token);
        return file;
    }

    Task<CliRun> LocalAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--data", Data], new Dictionary<string, string?>(), Token);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
