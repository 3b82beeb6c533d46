using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Lightning.Git.Review;

/// <summary>
/// Asks a chat model to review the diff and keeps only answers it can check: JSON findings on files and added lines
/// that are in the diff it was shown. Secrets are masked before the diff leaves the process.
/// </summary>
internal static class LlmReviewer
{
    const int MaxMessageChars = 2_000;

    internal const string Instructions =
        """
        You are a careful senior code reviewer. You are shown a diff: each file starts with "=== path"; added lines
        are shown as "+<line number> | text" (the number is the line in the new file), removed lines as "-       | text".
        Point out bugs, security problems, missing error handling and unclear code in the ADDED lines only.
        Answer with JSON only, no prose, in exactly this shape:
        {"findings":[{"path":"<file path as shown>","line":<number of an added line>,"severity":"info"|"warning"|"error","message":"<one or two sentences>"}]}
        Answer {"findings":[]} when there is nothing worth saying.
        """;

    public static async Task<(List<ReviewFinding> Findings, LlmReviewOutcome Outcome)> ReviewAsync(
        IChatClient chat, IReadOnlyList<DiffFile> files, CodeReviewOptions options, CancellationToken cancellationToken)
    {
        var visible = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var shown = DiffParser.Render(files, options.LlmMaxDiffChars, line => SecretScanner.Redact(line, options.SecretMinEntropy), visible, out var truncated);
        var instructions = options.LlmInstructions is { Length: > 0 } extra ? Instructions + "\n" + extra : Instructions;
        var prompt = truncated ? shown + "\n(The diff was cut here: it is longer than the review allows.)\n" : shown;
        string answer;
        try
        {
            var response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, instructions), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { ResponseFormat = ChatResponseFormat.Json, Temperature = 0 },
                cancellationToken);
            answer = response.Text;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Any failure of the model (unreachable, refused, timed out) must not lose the rule findings.
            return ([], new LlmReviewOutcome(truncated, 0, [], $"the model could not be asked ({ex.GetType().Name})."));
        }

        return Interpret(answer, visible, truncated);
    }

    internal static (List<ReviewFinding> Findings, LlmReviewOutcome Outcome) Interpret(
        string answer, Dictionary<string, HashSet<int>> visible, bool truncated)
    {
        var findings = new List<ReviewFinding>();
        var rejected = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripFence(answer));
        }
        catch (JsonException ex)
        {
            return (findings, new LlmReviewOutcome(truncated, 0, rejected,
                string.Create(CultureInfo.InvariantCulture, $"the answer was not valid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}).")));
        }

        using (document)
        {
            var root = document.RootElement;
            var list = root.ValueKind == JsonValueKind.Array
                ? root
                : root.ValueKind == JsonValueKind.Object && root.TryGetProperty("findings", out var inner) && inner.ValueKind == JsonValueKind.Array
                    ? inner
                    : default;
            if (list.ValueKind != JsonValueKind.Array)
            {
                return (findings, new LlmReviewOutcome(truncated, 0, rejected, "the answer had no \"findings\" array."));
            }

            var index = 0;
            foreach (var item in list.EnumerateArray())
            {
                index++;
                if (Check(item, visible, out var finding) is { } problem)
                {
                    rejected.Add(string.Create(CultureInfo.InvariantCulture, $"finding {index}: {problem}"));
                }
                else
                {
                    findings.Add(finding!);
                }
            }
        }

        return (findings, new LlmReviewOutcome(truncated, findings.Count, rejected, null));
    }

    static string? Check(JsonElement item, Dictionary<string, HashSet<int>> visible, out ReviewFinding? finding)
    {
        finding = null;
        if (item.ValueKind != JsonValueKind.Object)
        {
            return "not an object";
        }

        var path = item.TryGetProperty("path", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        if (path is null || !visible.TryGetValue(path, out var lines))
        {
            return "names a file that is not in the diff";
        }

        if (!item.TryGetProperty("line", out var l) || l.ValueKind != JsonValueKind.Number || !l.TryGetInt32(out var line) || !lines.Contains(line))
        {
            return $"names a line of {path} that the diff does not add";
        }

        var message = item.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()?.Trim() : null;
        if (string.IsNullOrEmpty(message))
        {
            return "has no message";
        }

        var severityText = item.TryGetProperty("severity", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : "warning";
        if (!Enum.TryParse<ReviewSeverity>(severityText, ignoreCase: true, out var severity) || !Enum.IsDefined(severity))
        {
            return "has an unknown severity";
        }

        finding = new ReviewFinding(ReviewRuleIds.Llm, severity, path, line, message.Length > MaxMessageChars ? message[..MaxMessageChars] + "…" : message);
        return null;
    }

    static string StripFence(string answer)
    {
        var text = answer.Trim();
        if (text.StartsWith("```", StringComparison.Ordinal))
        {
            var firstNewline = text.IndexOf('\n', StringComparison.Ordinal);
            var lastFence = text.LastIndexOf("```", StringComparison.Ordinal);
            if (firstNewline > 0 && lastFence > firstNewline)
            {
                text = text[(firstNewline + 1)..lastFence];
            }
        }

        return text;
    }
}
