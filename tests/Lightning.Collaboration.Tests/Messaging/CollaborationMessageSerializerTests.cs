using System.Text;
using System.Text.Json;
using Lightning.Collaboration.Messaging;
using Lightning.Core.Errors;

namespace Lightning.Collaboration.Tests.Messaging;

public sealed class CollaborationMessageSerializerTests
{
    static CollaborationMessage Sample() => new()
    {
        Id = "msg-1",
        ConversationId = "conv-1",
        InReplyTo = "msg-0",
        Protocol = "contract-net",
        Performative = Performative.CallForProposal,
        Sender = "coordinator",
        Receiver = Address.Capability("containers"),
        Priority = 7,
        ReplyBy = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero),
        Attempt = 2,
        IdempotencyKey = "deploy-42",
        CreatedAt = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
        Payload = JsonDocument.Parse("{\"task\":\"build\",\"n\":3}").RootElement,
    };

    [Fact]
    public void SerializeThenDeserialize_RoundTripsEveryField()
    {
        var bytes = CollaborationMessageSerializer.Serialize(Sample());
        var back = CollaborationMessageSerializer.Deserialize(bytes);

        back.ShouldBeEquivalentTo(Sample() with { Payload = back.Payload });
        back.Payload.GetRawText().ShouldBe("{\"task\":\"build\",\"n\":3}");
    }

    [Fact]
    public void Serialize_WritesAVersionedEnvelopeWithReadableEnums()
    {
        using var json = JsonDocument.Parse(CollaborationMessageSerializer.Serialize(Sample()));

        json.RootElement.GetProperty("version").GetInt32().ShouldBe(1);
        json.RootElement.GetProperty("performative").GetString().ShouldBe("call-for-proposal");
        json.RootElement.GetProperty("receiver").GetString().ShouldBe("capability:containers");
    }

    [Fact]
    public void Deserialize_UnknownVersion_IsRefused()
    {
        var json = Encoding.UTF8.GetString(CollaborationMessageSerializer.Serialize(Sample())).Replace("\"version\":1", "\"version\":9", StringComparison.Ordinal);

        Should.Throw<JsonException>(() => CollaborationMessageSerializer.Deserialize(Encoding.UTF8.GetBytes(json))).Message.ShouldContain("version 9");
    }

    [Fact]
    public void Deserialize_BadAddress_IsRefused() =>
        Should.Throw<JsonException>(() => CollaborationMessageSerializer.Deserialize(
            "{\"version\":1,\"id\":\"a\",\"conversationId\":\"c\",\"sender\":\"s\",\"receiver\":\"planet:mars\"}"u8));

    [Fact]
    public void Serialize_OversizedPayload_IsRefusedWithAClearMessage()
    {
        var big = Sample() with { Payload = JsonDocument.Parse($"\"{new string('x', CollaborationMessageSerializer.MaxSizeBytes)}\"").RootElement };

        Should.Throw<LightningException>(() => CollaborationMessageSerializer.Serialize(big)).Code.ShouldBe("message.too_large");
    }

    [Fact]
    public void Validate_BadFields_ReportsEach()
    {
        var error = Should.Throw<ValidationFailedException>(() =>
            CollaborationMessageSerializer.Validate(Sample() with { Id = "", Priority = 10, Attempt = -1 }));

        error.Errors.Keys.ShouldBe(["id", "priority", "attempt"], ignoreOrder: true);
    }
}
