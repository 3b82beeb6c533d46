using System.Runtime.CompilerServices;
using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Patterns;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tests.Execution;
using Lightning.TestUtilities;

namespace Lightning.Collaboration.Tests.Patterns;

/// <summary>Every file in <c>examples/collaboration</c> runs to success on a fresh platform, with the outcome its pattern promises.</summary>
public sealed class ExamplesTests : IAsyncLifetime
{
    readonly TempDirectory _data = new();
    CollaborationHost _host = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<string> Examples() =>
        [.. Directory.EnumerateFiles(ExamplesDirectory(), "*.yaml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    public async ValueTask InitializeAsync() => _host = await CollaborationHost.StartAsync(_data.Path);

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public void Examples_CoverEveryPattern()
    {
        Examples().Select(row => row.Data).ShouldBe(
            ["blackboard.yaml", "contract-net.yaml", "ensemble.yaml", "hierarchical.yaml", "master-worker.yaml", "peer-to-peer.yaml", "pipeline.yaml"], ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Example_RunsToSuccess(string file)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(ExamplesDirectory(), file), Token);
        var submitted = await _host.Collaborations.SubmitAsync(PlanDocument.ParseTask(text, file), "examples", Token);
        var view = await _host.WaitFinishedAsync(submitted.Id, Token);

        view.Status.ShouldBe(CollaborationStatus.Succeeded, view.Error);
        var result = view.Result!.Value;
        switch (file)
        {
            case "master-worker.yaml":
                result.EnumerateArray().Select(o => o.GetProperty("output").GetString()).ShouldBe(["built api\n", "built web\n", "built worker\n"]);
                view.Subtasks.Where(s => s.Tool == "command").ShouldAllBe(s => s.Agent == "build-runner");
                break;
            case "pipeline.yaml":
                result.GetProperty("primaryLanguage").GetString().ShouldBe("Python");
                result.GetProperty("files").GetInt32().ShouldBe(1);
                break;
            case "hierarchical.yaml":
                var child = result.GetProperty("child").GetString()!;
                child.ShouldStartWith("col");
                result.GetProperty("released").GetString().ShouldBe("1.4.0");
                var package = (await _host.Collaborations.GetAsync(child, Token))!;
                package.Title.ShouldEndWith(": package");
                package.Title.ShouldStartWith("↳ ");
                package.Result!.Value.GetProperty("version").GetString().ShouldBe("1.4.0");
                var checks = (await _host.Collaborations.GetAsync(result.GetProperty("checks").GetString()!, Token))!;
                checks.Result!.Value.EnumerateArray().Select(o => o.GetProperty("output").GetString()).ShouldBe(["lint passed\n", "unit passed\n", "integration passed\n"]);
                break;
            case "ensemble.yaml":
                result.GetProperty("vote").GetProperty("value").GetString().ShouldBe("42\n");
                result.GetProperty("vote").GetProperty("votes").GetInt32().ShouldBe(2);
                result.GetProperty("vote").GetProperty("agreeing").EnumerateArray().Select(a => a.GetString()).ShouldBe(["solver1", "solver2"]);
                result.GetProperty("quorum").GetProperty("value").GetString().ShouldBe("42\n");
                result.GetProperty("review").GetProperty("output").GetString().ShouldBe("42\n");
                break;
            case "peer-to-peer.yaml":
                result.GetProperty("primaryLanguage").GetString().ShouldBe("Go");
                var messages = await PatternEvents.MessagesAsync(_host.Collaborations, view.Id, Token);
                messages.Select(m => $"{m.Performative} {m.Sender}→{m.Receiver}").ShouldBe([
                    "request repository-analyst→build-runner", "inform build-runner→repository-analyst",
                    "request build-runner→repository-analyst", "inform repository-analyst→build-runner"]);
                break;
            case "blackboard.yaml":
                var entries = result.GetProperty("entries").EnumerateArray().ToList();
                entries.Select(e => e.GetProperty("key").GetString()).ShouldBe(["design/notes", "design/storage"]);
                entries[1].GetProperty("version").GetInt64().ShouldBe(2);
                entries[1].GetProperty("value").GetProperty("replicas").GetInt32().ShouldBe(3);
                view.Subtasks.Single(s => s.Id == "stale").Error.ShouldBe("version conflict: expected 1, found 2");
                (await PatternEvents.MessagesAsync(_host.Collaborations, view.Id, Token))
                    .Where(m => m.Receiver == BlackboardWriteTool.Receiver).Count().ShouldBe(3);
                break;
            case "contract-net.yaml":
                // Built with the engine's Contract Net selection: every job was awarded after a call for proposals.
                var performatives = (await PatternEvents.MessagesAsync(_host.Collaborations, view.Id, Token)).Select(m => m.Performative).ToList();
                performatives.ShouldContain("propose");
                performatives.ShouldContain("accept-proposal");
                break;
            default:
                throw new InvalidOperationException($"No outcome is checked for {file}: add one.");
        }
    }

    static string ExamplesDirectory([CallerFilePath] string source = "")
    {
        var directory = new DirectoryInfo(Path.GetDirectoryName(source)!);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Lightning.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Lightning.slnx not found above the test sources."), "examples", "collaboration");
    }
}
