using System.Text.Json;
using Lightning.Collaboration.Execution;

namespace Lightning.Collaboration.Replay;

/// <summary>
/// Two collaborations side by side (typically an original and its replay or fork): whether the results are the same
/// bytes, and for each subtask what changed — status, agent, attempts, output — with a line diff of the outputs.
/// </summary>
public sealed record CollaborationDiff(
    string Left,
    string Right,
    CollaborationStatus LeftStatus,
    CollaborationStatus RightStatus,
    bool ResultIdentical,
    IReadOnlyList<string> ResultDiff,
    int Unchanged,
    IReadOnlyList<SubtaskDiff> Subtasks)
{
    public static CollaborationDiff Compare(CollaborationView left, CollaborationView right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var leftById = left.Subtasks.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var rightById = right.Subtasks.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var ids = left.Subtasks.Select(s => s.Id).Concat(right.Subtasks.Select(s => s.Id).Where(id => !leftById.ContainsKey(id)));
        var diffs = new List<SubtaskDiff>();
        var unchanged = 0;
        foreach (var id in ids)
        {
            var a = leftById.GetValueOrDefault(id);
            var b = rightById.GetValueOrDefault(id);
            var changes = new List<string>();
            if (a is null || b is null)
            {
                changes.Add(a is null ? "only-right" : "only-left");
            }
            else
            {
                if (a.Status != b.Status)
                {
                    changes.Add("status");
                }

                if (!string.Equals(a.Agent, b.Agent, StringComparison.Ordinal))
                {
                    changes.Add("agent");
                }

                if (a.Attempts != b.Attempts)
                {
                    changes.Add("attempts");
                }

                if (!string.Equals(Raw(a.Output), Raw(b.Output), StringComparison.Ordinal))
                {
                    changes.Add("output");
                }

                if (!string.Equals(a.Error, b.Error, StringComparison.Ordinal))
                {
                    changes.Add("error");
                }
            }

            if (changes.Count == 0)
            {
                unchanged++;
                continue;
            }

            diffs.Add(new SubtaskDiff(id, changes, Side(a), Side(b),
                changes.Contains("output") ? LineDiff.Unified(Pretty(a?.Output), Pretty(b?.Output)) : []));
        }

        var identical = string.Equals(Raw(left.Result), Raw(right.Result), StringComparison.Ordinal);
        return new CollaborationDiff(left.Id, right.Id, left.Status, right.Status, identical,
            identical ? [] : LineDiff.Unified(Pretty(left.Result), Pretty(right.Result)), unchanged, diffs);
    }

    static SubtaskSide? Side(SubtaskView? view) =>
        view is null ? null : new SubtaskSide(view.Status, view.Agent, view.Attempts, view.DurationMs, view.Error, view.Output);

    static string? Raw(JsonElement? value) => value is { ValueKind: not JsonValueKind.Undefined } v ? v.GetRawText() : null;

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    static string Pretty(JsonElement? value) =>
        value is { ValueKind: not JsonValueKind.Undefined } v ? JsonSerializer.Serialize(v, Indented) : string.Empty;
}

public sealed record SubtaskDiff(string Id, IReadOnlyList<string> Changes, SubtaskSide? Left, SubtaskSide? Right, IReadOnlyList<string> OutputDiff);

public sealed record SubtaskSide(SubtaskStatus Status, string? Agent, int Attempts, long? DurationMs, string? Error, JsonElement? Output);
