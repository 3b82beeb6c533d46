using System.Globalization;
using Lightning.Testing.Selection;

namespace Lightning.Cli.Commands;

/// <summary>How <c>test select</c> and <c>test watch</c> print a selection: the changes, every selected test with its reasons, fallbacks, ignored files and notes.</summary>
internal static class TestSelectionText
{
    public static async Task WriteAsync(TextWriter output, TestSelection selection, bool notes = true)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(selection);
        var changes = selection.Changes;
        await output.WriteLineAsync($"Changes: {changes.Describe()}, {changes.Files.Count} file{(changes.Files.Count == 1 ? "" : "s")}{(changes.Files.Count == 0 ? "." : ":")}");
        foreach (var file in changes.Files)
        {
            await output.WriteLineAsync($"  {file}");
        }

        var mode = selection.Mode == SelectionMode.Fast
            ? string.Create(CultureInfo.InvariantCulture, $"fast mode, confidence {selection.Confidence:0.##}")
            : "safe mode";
        if (selection.RunAll)
        {
            await output.WriteLineAsync($"Every test runs ({mode}): the impact of {selection.Fallbacks.Count} change{(selection.Fallbacks.Count == 1 ? " is" : "s are")} unknown:");
            foreach (var fallback in selection.Fallbacks)
            {
                await output.WriteLineAsync($"  {fallback.Reason}");
            }
        }
        else if (selection.Tests.Count == 0)
        {
            await output.WriteLineAsync($"No test is affected ({mode}).");
        }
        else
        {
            var of = selection.KnownTests > 0 ? $" (of {selection.KnownTests} tests the coverage maps know)" : string.Empty;
            await output.WriteLineAsync($"{selection.Tests.Count} selected ({mode}){of}:");
        }

        foreach (var test in selection.Tests)
        {
            var project = test.Project == "." ? string.Empty : $"[{test.Project}] ";
            var score = selection.Mode == SelectionMode.Fast ? string.Create(CultureInfo.InvariantCulture, $"  score {test.Score:0.00}") : string.Empty;
            await output.WriteLineAsync($"  {project}{test.Id}{score}");
            foreach (var reason in test.Reasons)
            {
                await output.WriteLineAsync($"      {reason}");
            }
        }

        if (selection.Dropped.Count > 0)
        {
            await output.WriteLineAsync($"Left out under the confidence: {selection.Dropped.Count} ({string.Join(", ", selection.Dropped.Take(5).Select(test => test.Id))}{(selection.Dropped.Count > 5 ? ", ..." : "")}).");
        }

        foreach (var ignored in selection.Ignored)
        {
            await output.WriteLineAsync($"Ignored: {ignored.Reason}");
        }

        if (notes)
        {
            foreach (var note in selection.Notes)
            {
                await output.WriteLineAsync($"Note: {note}");
            }
        }
    }
}
