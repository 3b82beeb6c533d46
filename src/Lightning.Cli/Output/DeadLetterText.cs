using Lightning.Server.Endpoints;

namespace Lightning.Cli.Output;

/// <summary>Dead letters for people: a table of them, or one in detail with its payload and delivery history.</summary>
internal static class DeadLetterText
{
    const int ReasonWidth = 60;

    public static void WriteTable(TextWriter writer, IReadOnlyList<DeadLetterView> letters)
    {
        var table = new TextTable("MESSAGE", "RECEIVER", "PERFORMATIVE", "ATTEMPT", "DEAD", "REASON");
        foreach (var letter in letters)
        {
            table.Add(letter.MessageId, letter.Receiver, Formats.Kebab(letter.Performative), Formats.Number(letter.Attempt), Formats.Time(letter.DeadAt),
                Formats.Truncate(letter.Reason, ReasonWidth));
        }

        table.Write(writer);
    }

    public static void WriteDetails(TextWriter writer, DeadLetterView letter)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(letter);
        new DetailList()
            .Add("Message", letter.MessageId)
            .Add("Conversation", letter.ConversationId)
            .Add("Protocol", letter.Protocol)
            .Add("Performative", Formats.Kebab(letter.Performative))
            .Add("From", letter.Sender)
            .Add("To", letter.Receiver)
            .Add("Priority", Formats.Number(letter.Priority))
            .Add("Attempt", Formats.Number(letter.Attempt))
            .AddIfPresent("Idempotency", letter.IdempotencyKey)
            .Add("Created", Formats.TimeWithSeconds(letter.CreatedAt))
            .AddIfPresent("Reply by", letter.ReplyBy is { } replyBy ? Formats.TimeWithSeconds(replyBy) : null)
            .Add("Dead", Formats.TimeWithSeconds(letter.DeadAt))
            .Add("Reason", letter.Reason)
            .Write(writer);
        writer.WriteLine();
        writer.WriteLine("Payload:");
        JsonOutput.Write(writer, letter.Payload);
        writer.WriteLine();
        if (letter.History.Count == 0)
        {
            writer.WriteLine("No deliveries before it died.");
            return;
        }

        var history = new TextTable("ATTEMPT", "AT", "CONSUMER", "OUTCOME", "REASON");
        foreach (var attempt in letter.History)
        {
            history.Add(Formats.Number(attempt.Attempt), Formats.TimeWithSeconds(attempt.At), string.IsNullOrEmpty(attempt.Consumer) ? Formats.None : attempt.Consumer,
                attempt.Outcome, attempt.Reason ?? Formats.None);
        }

        history.Write(writer);
    }
}
