using System.Text.Json;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary>collaborate submit, status, watch, cancel, approve, reject and history against the real server.</summary>
public sealed class CollaborateCommandTests(CliServerFixture server) : IDisposable
{
    const string Pipeline = """
        title: cli pipeline
        inputs:
          name: lightning
        plan:
          subtasks:
            - id: greet
              tool: echo
              input:
                text: hello ${inputs.name}
            - id: build
              tool: command
              agent: build-runner
              dependsOn: [greet]
              input:
                command: [sh, -c, "echo built"]
        """;

    readonly TempDirectory _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Submit_YamlFileWithWatch_PrintsTheIdAndEventsAndExitsOk()
    {
        var file = Write("plan.yaml", Pipeline);

        var run = await server.RunAsync("collaborate", "submit", "--file", file, "--watch");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("col_");
        lines[1].ShouldMatch(@"^\d\d:\d\d:\d\d submitted ""cli pipeline"" by .+ \(2 subtasks, planner explicit\)$");
        lines.ShouldContain(line => line.EndsWith(" subtask-started build on build-runner (attempt 1)", StringComparison.Ordinal));
        lines.ShouldContain(line => line.Contains(" subtask-succeeded greet", StringComparison.Ordinal));
        lines[^1].ShouldEndWith(" finished succeeded");
        run.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_BarePlanInJson_IsWrappedInATask()
    {
        var file = Write("plan.json", """{ "subtasks": [ { "id": "only", "tool": "echo", "input": { "x": 1 } } ] }""");

        var run = await server.RunAsync("collaborate", "submit", "-f", file, "--title", "bare plan", "--priority", "8", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("title").GetString().ShouldBe("bare plan");
        json.RootElement.GetProperty("priority").GetInt32().ShouldBe(8);
        json.RootElement.GetProperty("subtasks").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task Submit_TemplateWithParams_RunsIt()
    {
        var run = await server.RunAsync("collaborate", "submit", "--template", "pipeline",
            "--param", """steps=[{"tool":"echo","input":{"n":1}},{"tool":"echo","input":{"n":2}}]""", "--watch");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("planner template:pipeline");
    }

    [Fact]
    public async Task Submit_FailingPlanWithWatch_ExitsFailureAndSaysWhy()
    {
        var file = Write("failing.yaml", """
            plan:
              subtasks:
                - id: boom
                  tool: echo
                  input: { fail: on purpose }
            """);

        var run = await server.RunAsync("collaborate", "submit", "--file", file, "--watch");

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        run.Stdout.ShouldContain("subtask-failed boom");
        run.Stdout.ShouldContain("on purpose");
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: collaboration col_");
        run.ErrorLines[0].ShouldContain("ended failed");
    }

    [Fact]
    public async Task Submit_InvalidFile_ExitsInvalidRequestWithOneLine()
    {
        var file = Write("bad.yaml", """
            plan:
              subtasks:
                - id: a
                  tool: echo
                  dependson: [b]
            """);

        var run = await server.RunAsync("collaborate", "submit", "--file", file);

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        var line = run.ErrorLines.ShouldHaveSingleItem();
        line.ShouldStartWith("error: ");
        line.ShouldContain("dependson");
        run.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task Submit_CyclicPlan_ExitsInvalidRequestWithTheServersMessage()
    {
        var file = Write("cycle.json", """
            { "plan": { "subtasks": [
              { "id": "x", "tool": "echo", "dependsOn": ["y"] },
              { "id": "y", "tool": "echo", "dependsOn": ["x"] }
            ] } }
            """);

        var run = await server.RunAsync("collaborate", "submit", "--file", file);

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("cycle", Case.Insensitive);
    }

    [Fact]
    public async Task Submit_MissingFile_ExitsUsage()
    {
        var run = await server.RunAsync("collaborate", "submit", "--file", _files.Combine("nope.yaml"));

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("cannot read --file");
    }

    [Fact]
    public async Task Submit_NothingToDo_ExitsUsage()
    {
        var run = await server.RunAsync("collaborate", "submit");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("--file FILE");
    }

    [Fact]
    public async Task Status_Json_IsTheApiView()
    {
        var id = await SubmitAndWatchAsync(Pipeline);

        var run = await server.RunAsync("collaborate", "status", id, "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("id").GetString().ShouldBe(id);
        json.RootElement.GetProperty("status").GetString().ShouldBe("succeeded");
        json.RootElement.GetProperty("subtasks").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ShouldBe(["greet", "build"]);
    }

    [Fact]
    public async Task Status_Text_ShowsATableOfSubtasks()
    {
        var id = await SubmitAndWatchAsync(Pipeline);

        var run = await server.RunAsync("collaborate", "status", id);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain($"Collaboration:  {id}");
        var lines = run.Stdout.Split('\n');
        var header = lines.Single(line => line.StartsWith("SUBTASK", StringComparison.Ordinal));
        header.ShouldContain("STATUS");
        header.ShouldContain("AGENT");
        header.ShouldContain("ATTEMPTS");
        header.ShouldContain("DURATION");
        lines.ShouldContain(line => line.StartsWith("build ", StringComparison.Ordinal) && line.Contains(" succeeded ") && line.Contains(" build-runner "));
    }

    [Fact]
    public async Task Status_UnknownId_ExitsNotFound()
    {
        var run = await server.RunAsync("collaborate", "status", "col_nope");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No collaboration with id 'col_nope'.");
    }

    [Fact]
    public async Task Watch_UnknownId_ExitsNotFound()
    {
        var run = await server.RunAsync("collaborate", "watch", "col_nope");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No collaboration with id 'col_nope'.");
    }

    [Fact]
    public async Task Watch_FinishedCollaboration_ReplaysItsEvents()
    {
        var id = await SubmitAndWatchAsync(Pipeline);

        var run = await server.RunAsync("collaborate", "watch", id);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldContain(" submitted ");
        lines[^1].ShouldEndWith(" finished succeeded");
    }

    [Fact]
    public async Task ApproveAndReject_AtTheGate_DecideTheSubtask()
    {
        var gated = """
            plan:
              subtasks:
                - { id: gate, tool: echo, requiresApproval: true }
            """;
        var approveId = await SubmitAsync(gated);
        var rejectId = await SubmitAsync(gated);
        await WaitAwaitingAsync(approveId);
        await WaitAwaitingAsync(rejectId);

        var approve = await server.RunAsync("collaborate", "approve", approveId, "gate", "--comment", "looks good");
        var reject = await server.RunAsync("collaborate", "reject", rejectId, "gate");
        var approved = await server.RunAsync("collaborate", "watch", approveId);
        var rejected = await server.RunAsync("collaborate", "watch", rejectId);
        var again = await server.RunAsync("collaborate", "approve", approveId, "gate");

        approve.ExitCode.ShouldBe(ExitCodes.Ok, approve.ToString());
        approve.Stdout.ShouldStartWith($"Subtask gate of {approveId} approved");
        reject.ExitCode.ShouldBe(ExitCodes.Ok, reject.ToString());
        approved.ExitCode.ShouldBe(ExitCodes.Ok, approved.ToString());
        approved.Stdout.ShouldContain("subtask-approved gate by admin: looks good");
        rejected.ExitCode.ShouldBe(ExitCodes.Failure, rejected.ToString());
        rejected.Stdout.ShouldContain("subtask-rejected gate by admin");
        again.ExitCode.ShouldBe(ExitCodes.InvalidRequest, again.ToString());
    }

    [Fact]
    public async Task Cancel_Running_ReportsCancelledAndAgainExitsInvalidRequest()
    {
        var id = await SubmitAsync("""
            plan:
              subtasks:
                - { id: sleep, tool: command, agent: build-runner, input: { command: [sleep, "30"] } }
            """);

        var run = await server.RunAsync("collaborate", "cancel", id);
        var again = await server.RunAsync("collaborate", "cancel", id);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe($"Collaboration {id}: cancelled.\n");
        again.ExitCode.ShouldBe(ExitCodes.InvalidRequest, again.ToString());
        again.ErrorLines.ShouldHaveSingleItem().ShouldContain("already finished");
    }

    [Fact]
    public async Task History_FilteredByStatus_ShowsATable()
    {
        var id = await SubmitAndWatchAsync(Pipeline);

        var run = await server.RunAsync("collaborate", "history", "--status", "succeeded", "--limit", "50");
        var json = await server.RunAsync("collaborate", "history", "--limit", "1", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("ID");
        lines.ShouldContain(line => line.StartsWith(id, StringComparison.Ordinal) && line.Contains(" succeeded ") && line.Contains(" 2/2 "));
        lines.Skip(1).Where(line => line.StartsWith("col_", StringComparison.Ordinal)).ShouldAllBe(line => line.Contains(" succeeded "));
        using var document = JsonDocument.Parse(json.Stdout);
        document.RootElement.GetProperty("items").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task History_UnknownStatus_ExitsUsage()
    {
        var run = await server.RunAsync("collaborate", "history", "--status", "done");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("budget-exhausted");
    }

    [Fact]
    public async Task Replay_AFinishedCollaboration_SaysTheResultIsIdenticalAndExitsOk()
    {
        var original = await SubmitAndWatchAsync(Pipeline);

        var run = await server.RunAsync("collaborate", "replay", original);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldStartWith($"Replayed {original} as col_");
        run.Stdout.ShouldContain("no agent or model was called");
        run.Stdout.ShouldContain("Result: identical, byte for byte.");
        run.Stdout.ShouldContain("Subtasks: all 2 the same.");
    }

    [Fact]
    public async Task Fork_WithANewInput_ShowsWhatChangedAndDiffExitsOneForDifferentResults()
    {
        var original = await SubmitAndWatchAsync(Pipeline);

        var run = await server.RunAsync("collaborate", "fork", original, "--subtask", "build", "--input", """{"command":["sh","-c","echo rebuilt"]}""", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var fork = json.RootElement.GetProperty("fork").GetProperty("id").GetString()!;
        json.RootElement.GetProperty("diff").GetProperty("subtasks")[0].GetProperty("id").GetString().ShouldBe("build");

        var diff = await server.RunAsync("collaborate", "diff", original, fork);
        diff.ExitCode.ShouldBe(ExitCodes.Failure, diff.ToString());
        diff.Stdout.ShouldContain("Result: different.");
        diff.Stdout.ShouldContain("Subtasks: 1 the same, 1 changed.");
        diff.Stdout.ShouldContain("  build: output");
        diff.Stdout.ShouldContain("rebuilt");
    }

    [Fact]
    public async Task ReplayAndFork_BadInput_GetOneLineErrors()
    {
        var unknown = await server.RunAsync("collaborate", "replay", "col_missing");
        unknown.ExitCode.ShouldBe(ExitCodes.NotFound, unknown.ToString());
        unknown.ErrorLines.ShouldHaveSingleItem();

        var badJson = await server.RunAsync("collaborate", "fork", "col_missing", "--subtask", "x", "--input", "{not json");
        badJson.ExitCode.ShouldBe(ExitCodes.Usage, badJson.ToString());
        badJson.ErrorLines.ShouldHaveSingleItem().ShouldContain("--input is not valid JSON");

        var noSubtask = await server.RunAsync("collaborate", "fork", "col_missing");
        noSubtask.ExitCode.ShouldBe(ExitCodes.Usage, noSubtask.ToString());
    }

    string Write(string name, string text)
    {
        var path = _files.Combine(name);
        File.WriteAllText(path, text);
        return path;
    }

    async Task<string> SubmitAsync(string yaml)
    {
        var run = await server.RunAsync("collaborate", "submit", "--file", Write($"{Guid.NewGuid():N}.yaml", yaml));
        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        return run.Stdout.Trim();
    }

    async Task<string> SubmitAndWatchAsync(string yaml)
    {
        var run = await server.RunAsync("collaborate", "submit", "--file", Write($"{Guid.NewGuid():N}.yaml", yaml), "--watch");
        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        return run.Stdout.Split('\n')[0].Trim();
    }

    async Task WaitAwaitingAsync(string id)
    {
        for (var i = 0; i < 400; i++)
        {
            var run = await server.RunAsync("collaborate", "status", id, "--json");
            using var json = JsonDocument.Parse(run.Stdout);
            if (json.RootElement.GetProperty("subtasks")[0].GetProperty("status").GetString() == "awaiting-approval")
            {
                return;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Collaboration {id} never reached its approval gate.");
    }
}
