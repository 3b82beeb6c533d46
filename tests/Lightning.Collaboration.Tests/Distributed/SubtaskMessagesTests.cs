using System.Text.Json;
using Lightning.Agents.Tools;
using Lightning.Collaboration.Distributed;

namespace Lightning.Collaboration.Tests.Distributed;

public sealed class SubtaskMessagesTests
{
    [Fact]
    public void Request_RoundTrip_KeepsTheCall()
    {
        var call = new ToolCall("worker-1", JsonSerializer.SerializeToElement(new { command = new[] { "make" } }), "col_1:build", 2, "alice",
            TimeSpan.FromSeconds(90), "col_1", "build");

        var parsed = SubtaskRequest.Parse(SubtaskRequest.From("command", call).ToJson());

        parsed.Tool.ShouldBe("command");
        var back = parsed.ToCall("worker-1");
        back.Input.GetProperty("command")[0].GetString().ShouldBe("make");
        (back with { Input = call.Input }).ShouldBe(call);
    }

    [Theory]
    [InlineData("""{"nonsense": true}""")]
    [InlineData("""{"tool": "echo", "input": {}, "idempotencyKey": "k"}""")]
    [InlineData("""{"tool": "echo", "input": {}, "idempotencyKey": "k", "attempt": "first"}""")]
    [InlineData("""{"tool": "echo", "input": {}, "idempotencyKey": "k", "attempt": 0, "timeoutSeconds": 0}""")]
    [InlineData("""[1, 2]""")]
    public void Request_Malformed_IsAFormatExceptionSayingWhat(string json)
    {
        var error = Should.Throw<FormatException>(() => SubtaskRequest.Parse(JsonSerializer.Deserialize<JsonElement>(json)));

        error.Message.ShouldStartWith("The request payload is not a subtask request: ");
    }

    [Fact]
    public void Reply_RoundTrip_KeepsTheResult()
    {
        var result = new ToolResult(false, JsonSerializer.SerializeToElement(new { exitCode = 2 }), "exit 2", new ToolUsage(10, 0.5m), ["action:a1"], Retryable: false);

        var back = SubtaskReply.Parse(SubtaskReply.From(result).ToJson()).ToResult();

        back.Succeeded.ShouldBeFalse();
        back.Error.ShouldBe("exit 2");
        back.Retryable.ShouldBeFalse();
        back.Usage.ShouldBe(new ToolUsage(10, 0.5m));
        back.Artifacts.ShouldBe(["action:a1"]);
        back.Output!.Value.GetProperty("exitCode").GetInt32().ShouldBe(2);
    }

    [Theory]
    [InlineData("""{"output": 1}""")]
    [InlineData("""{"succeeded": false}""")]
    [InlineData("""{"succeeded": "yes"}""")]
    public void Reply_Malformed_IsAFormatException(string json) =>
        Should.Throw<FormatException>(() => SubtaskReply.Parse(JsonSerializer.Deserialize<JsonElement>(json)));
}
