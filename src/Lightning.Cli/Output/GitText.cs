using Lightning.Git.Repositories;
using Lightning.Git.Repositories.Merging;

namespace Lightning.Cli.Output;

/// <summary>How git's records read in a terminal: short commit ids, change kinds as words, conflicts one per line.</summary>
internal static class GitText
{
    public static string Short(string? sha) => string.IsNullOrEmpty(sha) ? Formats.None : sha[..Math.Min(7, sha.Length)];

    public static string Change(GitChangeKind kind) => kind == GitChangeKind.Unmodified ? string.Empty : Formats.Kebab(kind);

    /// <summary>The branch line of a status: where HEAD is and how it stands against its upstream.</summary>
    public static string Head(GitStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var head = status.Branch is null ? $"HEAD detached at {Short(status.HeadSha)}" : $"On branch {status.Branch}";
        if (status.HeadSha is null)
        {
            head += " (no commits yet)";
        }

        return status.Upstream is null ? head : $"{head}, tracking {status.Upstream}: {AheadBehind(status.Ahead, status.Behind)}";
    }

    public static string AheadBehind(int? ahead, int? behind) =>
        ahead is null || behind is null ? Formats.None
        : ahead == 0 && behind == 0 ? "up to date"
        : $"{ahead} ahead, {behind} behind";

    public static async Task WriteConflictsAsync(TextWriter writer, IReadOnlyList<GitConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(conflicts);
        foreach (var conflict in conflicts)
        {
            await writer.WriteLineAsync($"CONFLICT ({Formats.Kebab(conflict.Kind)}): {conflict.Path}");
        }
    }

    public const string ConflictHint =
        "see 'lightning git conflicts', resolve each file with --resolve PATH --ours|--theirs, then --continue (or --abort)";
}
