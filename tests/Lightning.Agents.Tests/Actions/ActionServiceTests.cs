using Lightning.Agents.Actions;
using Lightning.Agents.Registry;
using Lightning.Core.Errors;

namespace Lightning.Agents.Tests.Actions;

public sealed class ActionServiceTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    static ActionRequest Command(params string[] command) => new("devops-engineer", ActionKind.Command, command);

    [Fact]
    public async Task SubmitAsync_Command_RunsInWorkspaceAndRecordsEverything()
    {
        await using var host = await AgentsHost.StartAsync();

        var action = await host.RunAsync(Command("sh", "-c", "pwd; echo oops >&2; exit 4"), Token);
        var output = await host.Actions.GetOutputAsync(action.Id, Token);

        action.Status.ShouldBe(ActionStatus.Failed);
        action.ExitCode.ShouldBe(4);
        action.Error!.ShouldContain("exited with code 4");
        action.RequestedBy.ShouldBe("tests");
        action.StartedAt.ShouldNotBeNull();
        action.FinishedAt.ShouldNotBeNull();
        action.DurationMs.ShouldNotBeNull();
        action.Summary.ShouldBe("sh -c \"pwd; echo oops >&2; exit 4\"");
        output!.Output.ShouldContain(Path.Combine(host.DataDirectory, "workspaces", "devops-engineer"));
        output.Output.ShouldContain("oops");
    }

    [Fact]
    public async Task SubmitAsync_Running_StreamsOutputLiveThenFinishes()
    {
        await using var host = await AgentsHost.StartAsync();

        var action = await host.Actions.SubmitAsync(Command("sh", "-c", "echo one; sleep 0.6; echo two"), "tests", Token);
        var subscription = host.Streams.Subscribe(action.Id)!;
        var events = new List<ActionEvent>();
        string? outputWhenFirstLineArrived = null;
        await foreach (var next in subscription.Live.ReadAllAsync(Token))
        {
            events.Add(next);
            if (next.Data is ActionOutputData { Text: var text } && text.Contains("one", StringComparison.Ordinal) && outputWhenFirstLineArrived is null)
            {
                outputWhenFirstLineArrived = (await host.Actions.GetOutputAsync(action.Id, Token))!.Status.ToString();
            }
        }

        outputWhenFirstLineArrived.ShouldBe(nameof(ActionStatus.Running));
        events.Concat(subscription.Past).ShouldContain(e => e.Type == ActionEvent.Output);
        events[^1].Type.ShouldBe(ActionEvent.Finished);
        ((ActionView)events[^1].Data).Status.ShouldBe(ActionStatus.Succeeded);
    }

    [Fact]
    public async Task SubmitAsync_PastTimeout_IsTimedOutAndKilled()
    {
        await using var host = await AgentsHost.StartAsync();

        var action = await host.RunAsync(Command("sleep", "30") with { TimeoutSeconds = 1 }, Token);

        action.Status.ShouldBe(ActionStatus.TimedOut);
        action.Error!.ShouldContain("timeout");
        action.DurationMs!.Value.ShouldBeLessThan(10_000);
    }

    [Fact]
    public async Task SubmitAsync_OversizedOutput_IsCutAtTheLimitAndFails()
    {
        await using var host = await AgentsHost.StartAsync(new Dictionary<string, string?> { ["Lightning:Agents:MaxOutputBytes"] = "4096" });

        var action = await host.RunAsync(Command("sh", "-c", "yes 0123456789"), Token);
        var output = await host.Actions.GetOutputAsync(action.Id, Token);

        action.Status.ShouldBe(ActionStatus.Failed);
        action.OutputTruncated.ShouldBeTrue();
        action.Error!.ShouldContain("4096-byte output limit");
        output!.Output.Length.ShouldBeLessThanOrEqualTo(4096);
    }

    [Fact]
    public async Task CancelAsync_RunningAction_IsCancelled()
    {
        await using var host = await AgentsHost.StartAsync();
        var action = await host.Actions.SubmitAsync(Command("sleep", "30"), "tests", Token);
        await WaitForStatusAsync(host, action.Id, ActionStatus.Running);

        var cancelled = await host.Actions.CancelAsync(action.Id, Token);

        cancelled.Status.ShouldBe(ActionStatus.Cancelled);
        (await Should.ThrowAsync<LightningException>(() => host.Actions.CancelAsync(action.Id, Token))).Kind.ShouldBe(ErrorKind.Conflict);
    }

    [Fact]
    public async Task SubmitAsync_AgentAtMaxConcurrency_QueuesUntilASlotFrees()
    {
        await using var host = await AgentsHost.StartAsync();
        await host.Registry.RegisterAsync(new AgentRegistration("solo", "devops-engineer", null, ["command"], 1, null, null, null), Token);

        var first = await host.Actions.SubmitAsync(new ActionRequest("solo", ActionKind.Command, ["sleep", "0.8"]), "tests", Token);
        await WaitForStatusAsync(host, first.Id, ActionStatus.Running);
        var second = await host.Actions.SubmitAsync(new ActionRequest("solo", ActionKind.Command, ["true"]), "tests", Token);
        await Task.Delay(200, Token);

        (await host.Actions.GetAsync(second.Id, Token))!.Status.ShouldBe(ActionStatus.Queued);
        (await host.Registry.FindAsync("solo", Token))!.Status.ShouldBe(AgentStatus.Busy);
        await host.Actions.WaitAsync(first.Id, Token);
        await host.Actions.WaitAsync(second.Id, Token);
        var done = (await host.Actions.GetAsync(second.Id, Token))!;
        done.Status.ShouldBe(ActionStatus.Succeeded);
        done.StartedAt!.Value.ShouldBeGreaterThanOrEqualTo((await host.Actions.GetAsync(first.Id, Token))!.FinishedAt!.Value);
    }

    [Fact]
    public async Task SubmitAsync_UnknownAgent_IsNotFoundAndRecordsNothing()
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<LightningException>(() => host.Actions.SubmitAsync(new ActionRequest("ghost", ActionKind.Command, ["true"]), "tests", Token));

        error.Kind.ShouldBe(ErrorKind.NotFound);
        (await host.Actions.ListAsync(new ActionQuery(), Token)).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public async Task SubmitAsync_PathTraversal_IsRejectedAndRecordsNothing(string path)
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<LightningException>(() =>
            host.Actions.SubmitAsync(new ActionRequest("devops-engineer", ActionKind.ReadFile, Path: path), "tests", Token));

        error.Code.ShouldBe("workspace.path_rejected");
        (await host.Actions.ListAsync(new ActionQuery(), Token)).Items.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("../../etc")]
    [InlineData("col_x/../../..")]
    [InlineData("/tmp")]
    public async Task SubmitAsync_SharedWorkspaceThatIsNotACollaborationId_IsRejected(string collaboration)
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<LightningException>(() =>
            host.Actions.SubmitAsync(new ActionRequest("devops-engineer", ActionKind.ListFiles, Collaboration: collaboration), "tests", Token));

        error.Code.ShouldBe("workspace.collaboration_invalid");
        (await host.Actions.ListAsync(new ActionQuery(), Token)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task SubmitAsync_SharedWorkspace_RunsInTheCollaborationsDirectory()
    {
        await using var host = await AgentsHost.StartAsync();

        await host.RunAsync(new ActionRequest("devops-engineer", ActionKind.WriteFile, Path: "notes.txt", Content: "shared", Collaboration: "col_abc123"), Token);
        var action = await host.RunAsync(new ActionRequest("data-scientist", ActionKind.Command, ["cat", "notes.txt"], Collaboration: "col_abc123"), Token);

        action.Status.ShouldBe(ActionStatus.Succeeded);
        (await host.Actions.GetOutputAsync(action.Id, Token))!.Output.ShouldBe("shared");
        File.ReadAllText(Path.Combine(host.DataDirectory, "workspaces", "collaborations", "col_abc123", "notes.txt")).ShouldBe("shared");
        File.Exists(Path.Combine(host.DataDirectory, "workspaces", "devops-engineer", "notes.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task SubmitAsync_WorkingDirectoryOutside_IsRejected()
    {
        await using var host = await AgentsHost.StartAsync();

        await Should.ThrowAsync<LightningException>(() => host.Actions.SubmitAsync(Command("ls") with { WorkingDirectory = "../.." }, "tests", Token));
    }

    [Fact]
    public async Task SubmitAsync_MissingFields_ReportsEachField()
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            host.Actions.SubmitAsync(new ActionRequest(null, ActionKind.Command, [], TimeoutSeconds: 0), "tests", Token));

        error.Errors.Keys.ShouldBe(["agent", "command", "timeoutSeconds"], ignoreOrder: true);
    }

    [Fact]
    public async Task SubmitAsync_AgentWithoutCapability_IsRejected()
    {
        await using var host = await AgentsHost.StartAsync();

        var error = await Should.ThrowAsync<LightningException>(() =>
            host.Actions.SubmitAsync(new ActionRequest("coordinator", ActionKind.Command, ["true"]), "tests", Token));

        error.Code.ShouldBe("agent.capability_missing");
    }

    [Fact]
    public async Task FileActions_WriteListRead_WorkInsideTheWorkspace()
    {
        await using var host = await AgentsHost.StartAsync();

        var write = await host.RunAsync(new ActionRequest("reviewer", ActionKind.WriteFile, Path: "notes/todo.md", Content: "- ship it\n"), Token);
        var list = await host.RunAsync(new ActionRequest("reviewer", ActionKind.ListFiles, Recursive: true), Token);
        var read = await host.RunAsync(new ActionRequest("reviewer", ActionKind.ReadFile, Path: "notes/todo.md"), Token);

        write.Status.ShouldBe(ActionStatus.Succeeded);
        (await host.Actions.GetOutputAsync(list.Id, Token))!.Output.ShouldBe("notes/\nnotes/todo.md\t10\n");
        (await host.Actions.GetOutputAsync(read.Id, Token))!.Output.ShouldBe("- ship it\n");
        File.ReadAllText(Path.Combine(host.DataDirectory, "workspaces", "reviewer", "notes", "todo.md")).ShouldBe("- ship it\n");
    }

    [Fact]
    public async Task ListAsync_Pages_NewestFirstWithCursor()
    {
        await using var host = await AgentsHost.StartAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await host.RunAsync(Command("true"), Token)).Id);
        }

        var page1 = await host.Actions.ListAsync(new ActionQuery(Limit: 3), Token);
        var page2 = await host.Actions.ListAsync(new ActionQuery(Limit: 3, Before: page1.Next), Token);

        page1.Items.Select(a => a.Id).ShouldBe(ids.AsEnumerable().Reverse().Take(3));
        page2.Items.Select(a => a.Id).ShouldBe(ids.Take(2).Reverse());
        page2.Next.ShouldBeNull();
        (await host.Actions.ListAsync(new ActionQuery(Status: ActionStatus.Failed), Token)).Items.ShouldBeEmpty();
    }

    [Fact]
    public async Task RecoverInterruptedAsync_ActionsLeftRunning_AreMarkedFailed()
    {
        await using var host = await AgentsHost.StartAsync();
        var contexts = host.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<Lightning.Agents.Persistence.AgentsDbContext>>();
        await using (var context = await contexts.CreateDbContextAsync(Token))
        {
            context.Actions.Add(new ActionEntity { Id = "act_stale", Agent = "reviewer", Status = ActionStatus.Running, CreatedAt = DateTimeOffset.UtcNow });
            await context.SaveChangesAsync(Token);
        }

        var recovered = await host.Actions.RecoverInterruptedAsync(Token);

        recovered.ShouldBe(1);
        var stale = (await host.Actions.GetAsync("act_stale", Token))!;
        stale.Status.ShouldBe(ActionStatus.Failed);
        stale.Error!.ShouldContain("server stopped");
    }

    static async Task WaitForStatusAsync(AgentsHost host, string id, ActionStatus status)
    {
        for (var i = 0; i < 200; i++)
        {
            if ((await host.Actions.GetAsync(id, Token))!.Status == status)
            {
                return;
            }

            await Task.Delay(25, Token);
        }

        throw new TimeoutException($"Action {id} never reached {status}.");
    }
}
