using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Lightning.Collaboration.Distributed;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Serialization;
using Lightning.Core.Storage;
using Lightning.Server.Bus;
using Lightning.Server.Endpoints;
using Lightning.TestUtilities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Cli.Tests.Distributed;

/// <summary>Real processes on one bus: these run alone (a broker restart disconnects everyone; timing matters on two cores).</summary>
[CollectionDefinition(nameof(DistributedCollection), DisableParallelization = true)]
public sealed class DistributedCollection;

/// <summary>
/// <c>lightning serve</c> and <c>lightning worker</c> processes over RabbitMQ and Redis: work is shared, a worker killed
/// mid-subtask loses its lease and the subtask moves, a request no worker can read becomes a dead letter after the
/// delivery limit, and a broker restart loses nothing.
/// </summary>
[Collection(nameof(DistributedCollection))]
public sealed class DistributedWorkerTests
{
    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(BusTransport.RabbitMq)]
    [InlineData(BusTransport.Redis)]
    public async Task TwoWorkers_SubtasksNeedingTheirCapability_BothWorkAndItSucceeds(BusTransport transport)
    {
        await using var cluster = await DistributedCluster.StartAsync(transport, workers: 2, Token);

        var submitted = await cluster.SubmitAsync(Plan(6, "pwd; sleep 1"), Token);
        var done = await cluster.WaitFinishedAsync(submitted.Id, TimeSpan.FromSeconds(90), Token);

        done.Status.ShouldBe(CollaborationStatus.Succeeded, $"{done.Error}\n{cluster.Logs()}");
        done.Subtasks.Count.ShouldBe(6);
        done.Subtasks.Select(s => s.Agent).Distinct().Order(StringComparer.Ordinal).ShouldBe(["worker-1", "worker-2"]);
        foreach (var subtask in done.Subtasks)
        {
            // The command ran in the worker's own workspace, not on the server.
            var output = subtask.Output!.Value.GetProperty("output").GetString()!.Trim();
            output.ShouldBe(Path.Combine(cluster.WorkspaceOf(subtask.Agent!), "workspaces", subtask.Agent!));
            subtask.Attempts.ShouldBe(1);
        }

        var agents = await cluster.Client.GetStringAsync("api/v2/agents", Token);
        using var json = JsonDocument.Parse(agents);
        json.RootElement.EnumerateArray().Where(a => a.GetProperty("location").GetString() == "worker")
            .Select(a => a.GetProperty("name").GetString()).Order(StringComparer.Ordinal).ShouldBe(["worker-1", "worker-2"]);
    }

    [Fact]
    public async Task WorkerKilledMidSubtask_LosesItsLease_AndTheOtherWorkerFinishesIt()
    {
        await using var cluster = await DistributedCluster.StartAsync(BusTransport.RabbitMq, workers: 2, Token);
        var task = """
            { "title": "long", "plan": { "subtasks": [
              { "id": "long", "tool": "command", "capability": "remote-build", "retry": { "maxAttempts": 3, "backoffSeconds": 1 },
                "input": { "command": ["sh", "-c", "sleep 5; echo finished"] } } ] } }
            """;

        var submitted = await cluster.SubmitAsync(task, Token);
        var running = await cluster.WaitForAsync(submitted.Id, view => view.Subtasks[0].Agent is not null, TimeSpan.FromSeconds(30), Token);
        var first = running.Subtasks[0].Agent!;
        var victim = cluster.Workers.Single(w => w.Name == first);
        try
        {
            await victim.WaitForLineAsync(line => line.Contains($"Worker {first} runs command", StringComparison.Ordinal), TimeSpan.FromSeconds(30), Token);
        }
        catch (TimeoutException ex)
        {
            // The victim's output alone does not say where the request went: show the server's and the other worker's too.
            throw new TimeoutException($"{ex.Message}\n--- all processes ---\n{cluster.Logs()}", ex);
        }

        await victim.KillAsync();
        var done = await cluster.WaitFinishedAsync(submitted.Id, TimeSpan.FromSeconds(60), Token);

        done.Status.ShouldBe(CollaborationStatus.Succeeded, $"{done.Error}\n{cluster.Logs()}");
        var subtask = done.Subtasks.ShouldHaveSingleItem();
        subtask.Agent.ShouldNotBe(first);
        subtask.Attempts.ShouldBe(2);
        subtask.Output!.Value.GetProperty("output").GetString()!.Trim().ShouldBe("finished");
        var events = await cluster.EventsAsync(submitted.Id, Token);
        var failed = events.Single(e => e.Type == "subtask-failed");
        failed.Data!.Value.GetProperty("error").GetString().ShouldStartWith($"worker {first} lost its lease: no heartbeat since ");
        events.Where(e => e.Type == "subtask-started").Select(e => e.Data!.Value.GetProperty("agent").GetString()).ShouldBe([first, subtask.Agent]);
    }

    [Theory]
    [InlineData(BusTransport.RabbitMq)]
    [InlineData(BusTransport.Redis)]
    public async Task MalformedRequest_IsDeadLetteredAfterTheDeliveryLimitWithBackoff(BusTransport transport)
    {
        await using var cluster = await DistributedCluster.StartAsync(transport, workers: 1, Token);
        var options = new BusOptions { MaxDeliveries = 3, BaseRetryDelay = TimeSpan.FromMilliseconds(300), Jitter = 0 };
        await using (var bus = await BusConnector.ConnectAsync(
            new BusTransportOptions { Transport = transport == BusTransport.RabbitMq ? "rabbitmq" : "redis", Connection = cluster.Connection, Prefix = cluster.Prefix },
            options, string.Empty, new LightningOptions { DataDirectory = cluster.WorkspaceOf("tests") }, TimeProvider.System, NullLoggerFactory.Instance, Token))
        {
            await bus.PublishAsync(new CollaborationMessage
            {
                Id = "poison-1",
                ConversationId = "poison",
                Protocol = WorkerProtocol.Protocol,
                Performative = Performative.Request,
                Sender = "tests",
                Receiver = Address.Agent("worker-1"),
                CreatedAt = DateTimeOffset.UtcNow,
                Payload = JsonSerializer.SerializeToElement(new { nonsense = true }),
            }, Token);
        }

        var letter = await WaitForDeadLetterAsync(cluster, "poison-1");

        letter.Reason.ShouldContain("malformed request: The request payload is not a subtask request: it needs tool, input, idempotencyKey and attempt");
        letter.Receiver.ShouldBe("agent:worker-1");
        letter.History.Count.ShouldBe(3, cluster.Logs());
        // RabbitMQ names the consumer by its agent, Redis adds the consumer's own id (worker-1/...).
        letter.History.ShouldAllBe(h => h.Outcome == "nack" && h.Consumer.StartsWith("worker-1", StringComparison.Ordinal)
            && h.Reason!.StartsWith("malformed request: ", StringComparison.Ordinal));
        letter.History.Select(h => h.Attempt).ShouldBe([0, 1, 2]);
        // Exponential backoff between deliveries: 300 ms, then 600 ms (with no jitter; timer granularity aside).
        (letter.History[1].At - letter.History[0].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(250));
        (letter.History[2].At - letter.History[1].At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(500));
        cluster.Workers[0].HasExited.ShouldBeFalse("a poison message never crashes its consumer");
    }

    [Fact]
    public async Task RabbitMqRestartedMidRun_EverySubtaskStillSucceeds()
    {
        await using var cluster = await DistributedCluster.StartAsync(BusTransport.RabbitMq, workers: 2, Token, restartsBroker: true);

        var submitted = await cluster.SubmitAsync(Plan(8, "sleep 2; echo $LIGHTNING_IDEMPOTENCY_KEY"), Token);
        await cluster.WaitForAsync(submitted.Id, view => view.Progress.Running >= 2, TimeSpan.FromSeconds(30), Token);
        await TestServices.RestartRabbitMqAsync(Token);
        var done = await cluster.WaitFinishedAsync(submitted.Id, TimeSpan.FromSeconds(180), Token);

        done.Status.ShouldBe(CollaborationStatus.Succeeded, $"{done.Error}\n{cluster.Logs()}");
        done.Subtasks.Count.ShouldBe(8);
        done.Subtasks.ShouldAllBe(s => s.Status == SubtaskStatus.Succeeded);
        foreach (var subtask in done.Subtasks)
        {
            subtask.Output!.Value.GetProperty("output").GetString()!.Trim().ShouldBe($"{submitted.Id}:{subtask.Id}");
        }
    }

    static string Plan(int subtasks, string script) => JsonSerializer.Serialize(new
    {
        title = "distributed",
        plan = new
        {
            subtasks = Enumerable.Range(1, subtasks).Select(i => new
            {
                id = $"s{i}",
                tool = "command",
                capability = DistributedCluster.RemoteCapability,
                input = new { command = new[] { "sh", "-c", script } },
            }),
        },
    }, LightningJson.Options);

    static async Task<DeadLetterView> WaitForDeadLetterAsync(DistributedCluster cluster, string id)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            using var response = await cluster.Client.GetAsync($"api/v2/collaborate/dead-letters/{id}", Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonSerializer.Deserialize<DeadLetterView>(await response.Content.ReadAsStringAsync(Token), LightningJson.Options)!;
            }

            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{id} never became a dead letter.\n{cluster.Logs()}");
            }

            await Task.Delay(200, Token);
        }
    }
}
