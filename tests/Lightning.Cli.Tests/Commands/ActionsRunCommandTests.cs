using System.Text.Json;

namespace Lightning.Cli.Tests.Commands;

public sealed class ActionsRunCommandTests(CliServerFixture server)
{
    const string Agent = CliServerFixture.Agent;

    [Fact]
    public async Task Run_CommandExitsNonZero_PrintsItsOutputAndExitsWithItsCode()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--", "sh", "-c", "echo a; exit 3");

        run.ExitCode.ShouldBe(3, run.ToString());
        run.Stdout.ShouldBe("a\n");
        run.Stderr.ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_CommandSucceeds_ExitsOk()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--", "echo", "hello", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        // After '--' everything is the program's, even what looks like an option of ours.
        run.Stdout.ShouldBe("hello --json\n");
    }

    [Fact]
    public async Task Run_LiveOutput_SendsStdoutToStdoutAndStderrToStderr()
    {
        // The pause lets the WebSocket connect while the command runs, so its output arrives live with its stream.
        var run = await server.RunAsync("actions", "run", Agent, "--", "sh", "-c", "sleep 1; echo out; echo err >&2; sleep 0.2; echo more");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("out\nmore\n");
        run.Stderr.ShouldBe("err\n");
    }

    [Fact]
    public async Task Run_CommandFinishedBeforeTheSocketConnects_StillSplitsStdoutAndStderr()
    {
        // Done in milliseconds: the WebSocket usually gets the recorded output, which keeps its streams apart.
        var run = await server.RunAsync("actions", "run", Agent, "--", "sh", "-c", "echo out; echo err >&2; exit 3");

        run.ExitCode.ShouldBe(3, run.ToString());
        run.Stdout.ShouldBe("out\n");
        run.Stderr.ShouldBe("err\n");
    }

    [Fact]
    public async Task Run_Environment_ReachesTheCommandWithTheLastValueOfARepeatedName()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--env", "GREETING=hi", "--env", "GREETING=hello=world", "--", "sh", "-c", "echo \"$GREETING\"");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("hello=world\n");
    }

    [Fact]
    public async Task Run_PastItsTimeout_ExitsTimedOutWithOneLine()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--timeout", "1", "--", "sleep", "30");

        run.ExitCode.ShouldBe(ExitCodes.TimedOut, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: The command ran past its timeout");
    }

    [Fact]
    public async Task Run_ProgramMissingOnAgent_ExitsFailureWithTheReason()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--", "no-such-program-here");

        run.ExitCode.ShouldBe(ExitCodes.Failure, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: Cannot start 'no-such-program-here'");
    }

    [Fact]
    public async Task Run_UnknownAgent_ExitsNotFound()
    {
        var run = await server.RunAsync("actions", "run", "no-such-agent", "--", "true");

        run.ExitCode.ShouldBe(ExitCodes.NotFound, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldBe("error: No agent named 'no-such-agent'.");
    }

    [Fact]
    public async Task Run_AgentWithoutCommandCapability_ExitsInvalidRequest()
    {
        var run = await server.RunAsync("actions", "run", "reviewer", "--", "true");

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("does not have the 'command' capability");
    }

    [Fact]
    public async Task Run_WithoutProgram_ExitsUsage()
    {
        var run = await server.RunAsync("actions", "run", Agent);

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("Give the program to run after '--'");
    }

    [Fact]
    public async Task Run_OptionOfAnotherKind_ExitsUsage()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--prompt", "hi", "--", "true");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain("--prompt does not apply to a command action");
    }

    [Fact]
    public async Task Run_Json_PrintsOneDocumentWithTheActionAndItsOutput()
    {
        var run = await server.RunAsync("--json", "actions", "run", Agent, "--", "sh", "-c", "echo a; exit 3");

        run.ExitCode.ShouldBe(3, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        var action = json.RootElement.GetProperty("action");
        action.GetProperty("status").GetString().ShouldBe("failed");
        action.GetProperty("exitCode").GetInt32().ShouldBe(3);
        action.GetProperty("agent").GetString().ShouldBe(Agent);
        json.RootElement.GetProperty("stdout").GetString().ShouldBe("a\n");
    }

    [Fact]
    public async Task Run_Detach_PrintsTheIdThatShowFollows()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--detach", "--", "sh", "-c", "echo detached");
        var id = run.Stdout.Trim();
        await WaitFinishedAsync(id);
        var show = await server.RunAsync("actions", "show", id);

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        id.ShouldStartWith("act_");
        show.ExitCode.ShouldBe(ExitCodes.Ok, show.ToString());
        show.Stdout.ShouldContain($"Action:        {id}");
        show.Stdout.ShouldContain("succeeded (exit code 0)");
        show.Stdout.ShouldEndWith("\ndetached\n");
    }

    [Fact]
    public async Task Run_WriteFileThenReadFile_RoundTripsTheContent()
    {
        var file = Path.Combine(Path.GetTempPath(), $"lightning-cli-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, "line one\nline two\n", TestContext.Current.CancellationToken);
        try
        {
            var write = await server.RunAsync("actions", "run", Agent, "--kind", "write-file", "--path", "notes/round-trip.txt", "--content-file", file);
            var read = await server.RunAsync("actions", "run", Agent, "--kind", "read-file", "--path", "notes/round-trip.txt");
            var list = await server.RunAsync("actions", "run", Agent, "--kind", "list-files", "--path", "notes");

            write.ExitCode.ShouldBe(ExitCodes.Ok, write.ToString());
            write.Stdout.ShouldContain("Wrote 18 bytes");
            read.ExitCode.ShouldBe(ExitCodes.Ok, read.ToString());
            read.Stdout.ShouldBe("line one\nline two\n");
            list.Stdout.ShouldContain("round-trip.txt");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Run_ContentFileMissing_ExitsUsage()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--kind", "write-file", "--path", "x.txt", "--content-file", "/no/such/file");

        run.ExitCode.ShouldBe(ExitCodes.Usage, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: cannot read --content-file '/no/such/file'");
    }

    [Fact]
    public async Task Run_PathOutsideWorkspace_ExitsInvalidRequest()
    {
        var run = await server.RunAsync("actions", "run", Agent, "--kind", "read-file", "--path", "../../etc/passwd");

        run.ExitCode.ShouldBe(ExitCodes.InvalidRequest, run.ToString());
    }

    [Fact]
    public async Task Run_Interrupted_CancelsTheActionOnTheServerAndExits130()
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        interrupt.CancelAfter(TimeSpan.FromSeconds(2));

        var run = await server.RunAsync(["actions", "run", Agent, "--", "sh", "-c", "echo started; sleep 60"], cancellationToken: interrupt.Token);

        run.ExitCode.ShouldBe(ExitCodes.Cancelled, run.ToString());
        run.Stdout.ShouldBe("started\n");
        var line = run.ErrorLines.ShouldHaveSingleItem();
        line.ShouldContain("was cancelled on the server");
        var id = line.Split(' ').Single(word => word.StartsWith("act_", StringComparison.Ordinal));
        var show = await server.RunAsync("actions", "show", id, "--json");
        using var json = JsonDocument.Parse(show.Stdout);
        json.RootElement.GetProperty("action").GetProperty("status").GetString().ShouldBe("cancelled");
    }

    async Task WaitFinishedAsync(string id)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var show = await server.RunAsync("actions", "show", id, "--json");
            using var json = JsonDocument.Parse(show.Stdout);
            if (json.RootElement.GetProperty("action").GetProperty("finishedAt").ValueKind != JsonValueKind.Null)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Action {id} did not finish.");
    }
}
