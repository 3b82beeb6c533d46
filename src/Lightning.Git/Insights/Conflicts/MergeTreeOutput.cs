using System.Globalization;

namespace Lightning.Git.Insights.Conflicts;

/// <summary>
/// Reads <c>git merge-tree --write-tree --name-only -z --messages</c> output, one merge or a <c>--stdin</c> batch of them:
/// [status NUL] tree NUL, conflicted paths each NUL-terminated, NUL, then records
/// <c>count NUL path.. NUL type NUL message NUL</c>, and in a batch a closing NUL.
/// </summary>
internal static class MergeTreeOutput
{
    /// <summary>The merges in <paramref name="output"/>; a batch cut short by a fatal error yields only the complete ones.</summary>
    public static IReadOnlyList<Merge> Parse(string output, bool batch)
    {
        var tokens = output.Split('\0');
        var merges = new List<Merge>();
        var position = 0;
        while (position < tokens.Length && tokens[position].Length > 0)
        {
            var merge = ParseOne(tokens, ref position, batch);
            if (merge is null)
            {
                break;
            }

            merges.Add(merge);
            if (!batch)
            {
                break;
            }
        }

        return merges;
    }

    static Merge? ParseOne(string[] tokens, ref int position, bool batch)
    {
        var clean = true;
        if (batch)
        {
            // 1 clean, 0 conflicted, negative: git could not run this merge at all.
            var status = tokens[position++];
            if (status.StartsWith('-'))
            {
                return null;
            }

            clean = string.Equals(status, "1", StringComparison.Ordinal);
        }

        if (position >= tokens.Length)
        {
            return null;
        }

        position++; // The merged tree's id: nobody needs it, and it lives only in the throw-away object directory.
        var files = new List<string>();
        while (position < tokens.Length && tokens[position].Length > 0)
        {
            files.Add(tokens[position++]);
        }

        position++;
        var kinds = files.ToDictionary(file => file, _ => new List<PredictedConflictKind>(), StringComparer.Ordinal);
        var messages = files.ToDictionary(file => file, _ => new List<string>(), StringComparer.Ordinal);
        while (position < tokens.Length && tokens[position].Length > 0)
        {
            if (!int.TryParse(tokens[position++], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || position + count + 2 > tokens.Length)
            {
                return null;
            }

            var paths = tokens[position..(position + count)];
            position += count;
            var type = tokens[position++];
            var message = tokens[position++].TrimEnd('\n');
            if (!type.StartsWith("CONFLICT", StringComparison.Ordinal))
            {
                continue;
            }

            var kind = KindOf(message.StartsWith("CONFLICT (", StringComparison.Ordinal) ? message : type);
            foreach (var path in paths.Where(kinds.ContainsKey))
            {
                if (!kinds[path].Contains(kind))
                {
                    kinds[path].Add(kind);
                }

                messages[path].Add(message);
            }
        }

        if (batch)
        {
            if (position >= tokens.Length)
            {
                return null;
            }

            position++;
        }

        return new Merge(
            !clean || files.Count > 0,
            [.. files.Select(file => new PredictedConflict(file, kinds[file].Count > 0 ? kinds[file] : [PredictedConflictKind.Other], messages[file]))]);
    }

    /// <summary>The kind from "CONFLICT (add/add): ..." or a bare type such as "CONFLICT (rename/delete)".</summary>
    internal static PredictedConflictKind KindOf(string conflict)
    {
        var open = conflict.IndexOf('(', StringComparison.Ordinal);
        var close = open < 0 ? -1 : conflict.IndexOf(')', open);
        var name = close < 0 ? string.Empty : conflict[(open + 1)..close];
        return name switch
        {
            "content" or "contents" => PredictedConflictKind.Content,
            "add/add" => PredictedConflictKind.AddAdd,
            "modify/delete" => PredictedConflictKind.ModifyDelete,
            "rename/delete" => PredictedConflictKind.RenameDelete,
            "rename/rename" or "rename involved in collision" => PredictedConflictKind.RenameRename,
            "rename/add" => PredictedConflictKind.RenameAdd,
            "file/directory" or "directory/file" => PredictedConflictKind.FileDirectory,
            "distinct types" => PredictedConflictKind.DistinctTypes,
            "binary" => PredictedConflictKind.Binary,
            _ when name.StartsWith("submodule", StringComparison.Ordinal) => PredictedConflictKind.Submodule,
            _ when name.Contains("dir rename", StringComparison.Ordinal) || name.Contains("directory rename", StringComparison.Ordinal) => PredictedConflictKind.DirectoryRename,
            _ => PredictedConflictKind.Other,
        };
    }

    /// <summary>One merge's answer: whether it conflicts, and on which files.</summary>
    internal sealed record Merge(bool Conflicted, IReadOnlyList<PredictedConflict> Files);
}
