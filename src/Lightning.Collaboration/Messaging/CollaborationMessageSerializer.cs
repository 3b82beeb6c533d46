using System.Text.Json;
using System.Text.Json.Serialization;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;

namespace Lightning.Collaboration.Messaging;

/// <summary>The wire form of <see cref="CollaborationMessage"/>: UTF-8 JSON, camelCase, enums in kebab-case, addresses as strings.</summary>
public static class CollaborationMessageSerializer
{
    /// <summary>Messages larger than this are refused at publish: payloads belong in artifacts, not in the queue.</summary>
    public const int MaxSizeBytes = 1024 * 1024;

    public static readonly JsonSerializerOptions Options = CreateOptions();

    public static byte[] Serialize(CollaborationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, Options);
        return bytes.Length > MaxSizeBytes
            ? throw new LightningException(ErrorKind.Invalid, "message.too_large",
                $"Message {message.Id} is {bytes.Length} bytes; the limit is {MaxSizeBytes}. Put large content in an artifact and send its reference.")
            : bytes;
    }

    public static CollaborationMessage Deserialize(ReadOnlySpan<byte> utf8)
    {
        var message = JsonSerializer.Deserialize<CollaborationMessage>(utf8, Options)
            ?? throw new JsonException("The message is empty.");
        return message.Version is < 1 or > CollaborationMessage.CurrentVersion
            ? throw new JsonException($"Message {message.Id} has envelope version {message.Version}; this build reads 1 to {CollaborationMessage.CurrentVersion}.")
            : message;
    }

    /// <summary>Checks what every bus requires before accepting a message.</summary>
    public static void Validate(CollaborationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var validator = new Validator();
        validator.Require(!string.IsNullOrWhiteSpace(message.Id) && message.Id.Length <= 128, "id", "Id is required (at most 128 characters).");
        validator.Require(!string.IsNullOrWhiteSpace(message.ConversationId) && message.ConversationId.Length <= 128, "conversationId", "Conversation id is required (at most 128 characters).");
        validator.Require(!string.IsNullOrWhiteSpace(message.Sender), "sender", "Sender is required.");
        validator.Require(message.Receiver is not null, "receiver", "Receiver is required.");
        validator.Require(message.Priority is >= 0 and <= 9, "priority", "Priority must be between 0 and 9.");
        validator.Require(message.Attempt >= 0, "attempt", "Attempt cannot be negative.");
        validator.ThrowIfInvalid();
    }

    static JsonSerializerOptions CreateOptions()
    {
        var options = LightningJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.Converters.Add(new AddressConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        return options;
    }

    sealed class AddressConverter : JsonConverter<Address>
    {
        public override Address Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return Address.Parse(reader.GetString() ?? string.Empty);
            }
            catch (FormatException ex)
            {
                throw new JsonException(ex.Message, ex);
            }
        }

        public override void Write(Utf8JsonWriter writer, Address value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }
}
