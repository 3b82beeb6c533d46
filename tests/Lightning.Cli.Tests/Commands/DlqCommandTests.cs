using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Server.Auth;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Cli.Tests.Commands;

/// <summary>dlq list, show, redrive and purge against a real server whose dead letters a consumer made by rejecting messages.</summary>
public sealed class DlqCommandTests : IAsyncLifetime
{
    RealServer _server = null!;
    string _admin = null!;
    string _viewer = null!;

    static CancellationToken Token => TestContext.Current.CancellationToken;

    IMessageBus Bus => _server.App.Services.GetRequiredService<IMessageBus>();

    public async ValueTask InitializeAsync()
    {
        _server = await RealServer.StartAsync();
        var keys = _server.App.Services.GetRequiredService<ApiKeyStore>();
        _admin = (await keys.CreateAsync("cli-admin", ApiKeyRole.Admin, "tests", Token)).Key;
        _viewer = (await keys.CreateAsync("cli-viewer", ApiKeyRole.Viewer, "tests", Token)).Key;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task List_Table_ShowsEachDeadLetterNewestFirst()
    {
        await RejectAsync("msg-old", "cannot parse the payload");
        await RejectAsync("msg-new", "unknown tool");

        var run = await RunAsync("dlq", "list");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldMatch("^MESSAGE +RECEIVER +PERFORMATIVE +ATTEMPT +DEAD +REASON$");
        lines[1].ShouldStartWith("msg-new  agent:cli-consumer  request");
        lines[1].ShouldEndWith("unknown tool");
        lines[2].ShouldStartWith("msg-old ");
    }

    [Fact]
    public async Task List_JsonWithLimit_IsTheApiDocument()
    {
        await RejectAsync("msg-a", "no");
        await RejectAsync("msg-b", "no");

        var run = await RunAsync("dlq", "list", "--limit", "1", "--json");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        using var json = JsonDocument.Parse(run.Stdout);
        json.RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem().GetProperty("messageId").GetString().ShouldBe("msg-b");
    }

    [Fact]
    public async Task List_Empty_SaysSo()
    {
        var run = await RunAsync("dlq", "list");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("No dead letters." + Environment.NewLine);
    }

    [Fact]
    public async Task Show_Known_PrintsEnvelopePayloadAndHistory()
    {
        await RejectAsync("msg-show", "bad payload");

        var run = await RunAsync("dlq", "show", "msg-show");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldContain("Message:       msg-show");
        run.Stdout.ShouldContain("To:            agent:cli-consumer");
        run.Stdout.ShouldContain("Reason:        bad payload");
        run.Stdout.ShouldContain("\"task\": \"msg-show\"");
        run.Stdout.ShouldMatch(@"(?m)^0 +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +cli-consumer +reject +bad payload$");
    }

    [Fact]
    public async Task Redrive_PutsItBack_ThenItIsGone()
    {
        await RejectAsync("msg-redrive", "later");

        var run = await RunAsync("dlq", "redrive", "msg-redrive");

        run.ExitCode.ShouldBe(ExitCodes.Ok, run.ToString());
        run.Stdout.ShouldBe("Redrove msg-redrive." + Environment.NewLine);
        await ConsumeOneAsync(async delivery =>
        {
            delivery.Message.Id.ShouldBe("msg-redrive");
            await delivery.AckAsync(Token);
        });
        (await RunAsync("dlq", "redrive", "msg-redrive")).ExitCode.ShouldBe(ExitCodes.NotFound);
    }

    [Fact]
    public async Task Purge_OneThenAll()
    {
        await RejectAsync("msg-1", "no");
        await RejectAsync("msg-2", "no");
        await RejectAsync("msg-3", "no");

        var one = await RunAsync("dlq", "purge", "msg-1");
        var again = await RunAsync("dlq", "purge", "msg-1");
        var all = await RunAsync("dlq", "purge", "--all");

        one.ExitCode.ShouldBe(ExitCodes.Ok, one.ToString());
        one.Stdout.ShouldBe("Purged msg-1." + Environment.NewLine);
        again.ExitCode.ShouldBe(ExitCodes.NotFound, again.ToString());
        all.ExitCode.ShouldBe(ExitCodes.Ok, all.ToString());
        all.Stdout.ShouldBe("Purged 2 dead letters." + Environment.NewLine);
    }

    [Theory]
    [InlineData("dlq list --limit 0", ExitCodes.Usage, "--limit must be a whole number from 1 to 500")]
    [InlineData("dlq show missing", ExitCodes.NotFound, "error: No dead letter with message id 'missing'.")]
    [InlineData("dlq purge", ExitCodes.Usage, "--all")]
    [InlineData("dlq purge msg-1 --all", ExitCodes.Usage, "--all")]
    public async Task Command_BadArgumentsOrUnknownId_FailsInOneLine(string commandLine, int exitCode, string error)
    {
        var run = await RunAsync(commandLine.Split(' '));

        run.ExitCode.ShouldBe(exitCode, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldContain(error);
    }

    [Fact]
    public async Task Redrive_ViewerKey_IsRefused()
    {
        await RejectAsync("msg-guarded", "no");

        var run = await RunAsync(["dlq", "redrive", "msg-guarded"], _viewer);

        run.ExitCode.ShouldBe(ExitCodes.Auth, run.ToString());
        run.ErrorLines.ShouldHaveSingleItem().ShouldStartWith("error: ");
    }

    Task<CliRun> RunAsync(params string[] args) => RunAsync(args, _admin);

    Task<CliRun> RunAsync(string[] args, string key) => CliRun.ExecuteAsync(args, new Dictionary<string, string?>
    {
        [GlobalOptions.ServerVariable] = _server.Address.ToString(),
        [GlobalOptions.ApiKeyVariable] = key,
    }, Token);

    async Task RejectAsync(string id, string reason)
    {
        await Bus.PublishAsync(new CollaborationMessage
        {
            Id = id,
            ConversationId = "conv-" + id,
            Performative = Performative.Request,
            Sender = "tests",
            Receiver = Address.Agent("cli-consumer"),
            CreatedAt = DateTimeOffset.UtcNow,
            Payload = JsonSerializer.SerializeToElement(new { task = id }),
        }, Token);
        await ConsumeOneAsync(delivery => delivery.RejectAsync(reason, Token));
        await Task.Delay(5, Token);
    }

    /// <summary>Takes the next message for cli-consumer (within 10 s) and settles it.</summary>
    async Task ConsumeOneAsync(Func<Delivery, Task> settle)
    {
        await using var consumer = await Bus.SubscribeAsync(new Subscription("cli-consumer", []), Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        await settle(await consumer.ReceiveAsync(timeout.Token));
    }
}
