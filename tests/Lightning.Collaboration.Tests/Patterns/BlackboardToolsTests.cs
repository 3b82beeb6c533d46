using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Patterns;
using Lightning.TestUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Collaboration.Tests.Patterns;

public sealed class BlackboardToolsTests : IDisposable
{
    readonly TempDirectory _data = new();
    readonly BlackboardStore _store;
    readonly RecordingConversationLog _log = new();
    readonly ServiceProvider _services;

    public BlackboardToolsTests()
    {
        _store = new BlackboardStore(_data.Combine("blackboard.db"), TimeProvider.System);
        _services = new ServiceCollection().AddSingleton<IConversationLog>(_log).BuildServiceProvider();
    }

    static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _services.Dispose();
        _store.Dispose();
        _data.Dispose();
    }

    static ToolCall Call(string input, string key = "col-1:s1", int attempt = 1, string? collaboration = "col-1", string agent = "agent-a") =>
        new(agent, JsonDocument.Parse(input).RootElement.Clone(), key, attempt, "tests", null, collaboration, key.Split(':')[^1]);

    Task<ToolResult> WriteAsync(string input, string key = "col-1:s1", int attempt = 1) =>
        new BlackboardWriteTool(_store, _services).RunAsync(Call(input, key, attempt), Token);

    [Fact]
    public async Task Read_Absent_IsVersionZeroAndNull()
    {
        var result = await new BlackboardReadTool(_store).RunAsync(Call("""{"key": "plan"}"""), Token);

        result.Succeeded.ShouldBeTrue();
        result.Output!.Value.GetRawText().ShouldBe("""{"key":"plan","value":null,"version":0}""");
    }

    [Fact]
    public async Task Write_ThenRead_ReturnsTheVersionAndRecordsAnInformToTheBlackboard()
    {
        var written = await WriteAsync("""{"key": "plan", "value": {"steps": 3}, "expectedVersion": 0}""");
        var read = await new BlackboardReadTool(_store).RunAsync(Call("""{"key": "plan"}""", "col-1:s2"), Token);

        written.Output!.Value.GetRawText().ShouldBe("""{"key":"plan","version":1}""");
        read.Output!.Value.GetProperty("value").GetProperty("steps").GetInt32().ShouldBe(3);
        read.Output!.Value.GetProperty("version").GetInt64().ShouldBe(1);
        var (collaboration, message) = _log.Messages.ShouldHaveSingleItem();
        collaboration.ShouldBe("col-1");
        message.Performative.ShouldBe("inform");
        message.Sender.ShouldBe("agent-a");
        message.Receiver.ShouldBe("blackboard");
        message.Subtask.ShouldBe("s1");
        message.Content!.Value.GetProperty("version").GetInt64().ShouldBe(1);
    }

    [Fact]
    public async Task Write_StaleExpectedVersion_FailsForGoodNamingBothVersions()
    {
        await WriteAsync("""{"key": "plan", "value": 1}""", "col-1:a");
        await WriteAsync("""{"key": "plan", "value": 2}""", "col-1:b");

        var stale = await WriteAsync("""{"key": "plan", "value": 3, "expectedVersion": 1}""", "col-1:c");

        stale.Succeeded.ShouldBeFalse();
        stale.Retryable.ShouldBeFalse();
        stale.Error.ShouldBe("version conflict: expected 1, found 2");
        _log.Messages.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Write_ConcurrentWritersOnOneVersion_OneWinsOneConflicts()
    {
        await WriteAsync("""{"key": "plan", "value": 0}""", "col-1:init");

        var results = await Task.WhenAll(
            Task.Run(() => WriteAsync("""{"key": "plan", "value": "a", "expectedVersion": 1}""", "col-1:a"), Token),
            Task.Run(() => WriteAsync("""{"key": "plan", "value": "b", "expectedVersion": 1}""", "col-1:b"), Token));

        results.Count(r => r.Succeeded).ShouldBe(1);
        results.Single(r => !r.Succeeded).Error.ShouldBe("version conflict: expected 1, found 2");
    }

    [Fact]
    public async Task Write_RetriedWithTheSameIdempotencyKey_DoesNotBumpTheVersionTwice()
    {
        var first = await WriteAsync("""{"key": "plan", "value": "x", "expectedVersion": 0}""", attempt: 1);
        var retry = await WriteAsync("""{"key": "plan", "value": "x", "expectedVersion": 0}""", attempt: 2);

        retry.Succeeded.ShouldBeTrue();
        retry.Output!.Value.GetRawText().ShouldBe(first.Output!.Value.GetRawText());
        (await _store.ReadAsync("col-1", "plan", Token))!.Version.ShouldBe(1);
        _log.Messages.Count.ShouldBe(1);
    }

    [Fact]
    public async Task List_WithPrefix_ListsThoseKeysInOrder()
    {
        await WriteAsync("""{"key": "b/2", "value": 2}""", "col-1:x");
        await WriteAsync("""{"key": "b/1", "value": 1}""", "col-1:y");
        await WriteAsync("""{"key": "a", "value": 0}""", "col-1:z");

        var listed = await new BlackboardListTool(_store).RunAsync(Call("""{"prefix": "b/"}"""), Token);

        listed.Output!.Value.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("key").GetString()).ShouldBe(["b/1", "b/2"]);
    }

    [Fact]
    public async Task Tools_OutsideACollaboration_FailForGood()
    {
        var write = await new BlackboardWriteTool(_store, _services).RunAsync(Call("""{"key": "k", "value": 1}""", collaboration: null), Token);
        var read = await new BlackboardReadTool(_store).RunAsync(Call("""{"key": "k"}""", collaboration: null), Token);

        write.Succeeded.ShouldBeFalse();
        write.Retryable.ShouldBeFalse();
        write.Error!.ShouldContain("inside a collaboration");
        read.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public void Validate_MissingValueOrKey_NamesThem()
    {
        var tool = new BlackboardWriteTool(_store, _services);

        tool.Validate(JsonDocument.Parse("""{"expectedVersion": -1}""").RootElement).ShouldBe([
            "'key' is required.", "'value' is required (any JSON; null clears the key's value).", "'expectedVersion' must be 0 or more."]);
        tool.Validate(JsonDocument.Parse("""{"key": "k", "value": null}""").RootElement).ShouldBeEmpty();
    }
}
