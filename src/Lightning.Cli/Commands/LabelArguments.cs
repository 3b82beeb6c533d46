using System.CommandLine.Parsing;

namespace Lightning.Cli.Commands;

/// <summary>Repeatable <c>--label key=value</c> options: checked at parse time, read into a dictionary.</summary>
internal static class LabelArguments
{
    public static void Validate(CommandResult result, IEnumerable<string>? labels)
    {
        foreach (var label in labels ?? [])
        {
            if (label.IndexOf('=', StringComparison.Ordinal) <= 0) result.AddError($"--label '{label}' is not key=value.");
        }
    }

    /// <summary>The labels by key (trimmed); a key given twice keeps its last value.</summary>
    public static Dictionary<string, string> Parse(IEnumerable<string>? labels)
    {
        var parsed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (labels ?? []).Select(label => label.Split('=', 2))) parsed[pair[0].Trim()] = pair[1].Trim();
        return parsed;
    }
}
