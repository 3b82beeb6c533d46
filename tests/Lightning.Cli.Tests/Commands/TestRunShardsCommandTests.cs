using System.Text.Json;
using Lightning.Cli.Commands;
using Lightning.Testing.History;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary><c>lightning test run --shards</c> on a framework other than pytest: a real go module split by package.</summary>
public sealed class TestRunShardsCommandTests : IDisposable
{
    readonly TempDirectory _temp = new();

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_GoModuleInTwoShards_MergesEveryPackagesCases_AndSaysItWasSharded()
    {
        var project = _temp.Combine("svc");
        Write(project, "go.mod", "module example.com/svc\n\ngo 1.19\n");
        Write(project, "calc/calc_test.go", "package calc\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {}\nfunc TestSub(t *testing.T) { t.Fatal(\"three minus one\") }\n");
        Write(project, "text/text_test.go", "package text\n\nimport \"testing\"\n\nfunc TestUpper(t *testing.T) {}\n");

        var run = await CliRun.ExecuteAsync(["test", "run", "--path", project, "--shards", "2", "--json", "--data", _temp.Combine("data")],
            new Dictionary<string, string?>(), Token);

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        using var document = JsonDocument.Parse(run.Stdout);
        document.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("id").GetString(), r.GetProperty("outcome").GetString())).Order()
            .ShouldBe([("example.com/svc/calc::TestAdd", "passed"), ("example.com/svc/calc::TestSub", "failed"), ("example.com/svc/text::TestUpper", "passed")]);
        // The run's event log (in the data directory) has each shard's own run, tagged with its shard.
        var id = document.RootElement.GetProperty("run").GetProperty("id").GetString()!;
        await using var services = TestingServices.Build(_temp.Combine("data"));
        var events = (await services.GetRequiredService<TestHistoryStore>().ReadEventsAsync(id, 0, 1000, Token)).Items;
        events.Where(e => e.Type == "run-started").Select(e => e.Project).Order(StringComparer.Ordinal).ShouldBe([". [shard 1/2]", ". [shard 2/2]"]);
    }

    public void Dispose() => _temp.Dispose();

    static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
