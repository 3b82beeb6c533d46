using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Lightning.Testing.History;

namespace Lightning.Cli.Commands;

/// <summary>
/// Follows a run's live events on stderr. On a terminal: a progress bar over the projects with running counts and the
/// test in progress, redrawn in place; elsewhere (a pipe, a CI log): one line per project. Failures are printed as
/// they happen either way.
/// </summary>
internal sealed class TestProgress(TextWriter error, bool interactive)
{
    const int BarWidth = 24;
    static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(100);

    // Shown after each project's line: more would bury the results (a TRX can carry many run infos).
    const int NotesPerProject = 3;

    readonly Dictionary<(string?, string), string> _cases = [];
    readonly Dictionary<string, List<string>> _notes = new(StringComparer.Ordinal);
    // Attempts seen per case: a test retried after failing is reported again with its attempts, not as a new failure.
    readonly Dictionary<(string?, string), int> _attempts = [];
    readonly Stopwatch _sinceDraw = new();
    int _projects, _finished, _passed, _failed, _skipped, _flaky;
    string? _current;
    bool _drawn;

    /// <summary>Whether stderr is a terminal the bar can be redrawn on.</summary>
    public static bool IsTerminal(CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return ReferenceEquals(console, CliConsole.System) && !Console.IsErrorRedirected;
    }

    public async Task OnEventAsync(TestRunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        var data = runEvent.Data ?? default;
        switch (runEvent.Type)
        {
            case TestRunEventTypes.Detected when data.ValueKind == JsonValueKind.Object:
                _projects = data.GetProperty("projects").GetArrayLength();
                break;
            case "case-started":
                var id = Text(data, "id") ?? Text(data, "name") ?? "?";
                _cases[(runEvent.Project, Text(data, "caseKey") ?? string.Empty)] = id;
                _current = id;
                break;
            case "passed":
                if (string.Equals(Text(data, "outcome"), "flaky", StringComparison.Ordinal))
                {
                    _flaky++;
                    // Its first attempt was shown and counted as a failure.
                    if (_attempts.ContainsKey((runEvent.Project, Text(data, "caseKey") ?? string.Empty)) && _failed > 0) _failed--;
                    await LineAsync($"FLAKY {CaseOf(runEvent, data)} (failed, then passed on a retry)");
                }
                else
                {
                    _passed++;
                }

                break;
            case "attempt" when data.TryGetProperty("attempt", out var attempt) && attempt.TryGetProperty("number", out var number) && number.TryGetInt32(out var n):
                var attemptKey = (runEvent.Project, Text(data, "caseKey") ?? string.Empty);
                _attempts[attemptKey] = n;
                if (n > 1)
                {
                    await LineAsync($"RETRY {CaseOf(runEvent, data)}: attempt {n} {Text(attempt, "outcome") ?? "ran"}");
                }

                break;
            case "failed":
                var message = data.TryGetProperty("failures", out var failures) && failures.ValueKind == JsonValueKind.Array && failures.GetArrayLength() > 0
                    ? Text(failures[0], "message")
                    : null;
                var label = string.Equals(Text(data, "outcome"), "errored", StringComparison.Ordinal) ? "ERROR" : "FAIL ";
                if (_attempts.TryGetValue((runEvent.Project, Text(data, "caseKey") ?? string.Empty), out var attempts) && attempts > 1)
                {
                    // The verdict after the retries: the first failure was counted and shown already.
                    await LineAsync($"{label} {CaseOf(runEvent, data)} after {attempts} attempts" + (message is null ? string.Empty : ": " + TestText.Message(message, 160)));
                    break;
                }

                _failed++;
                await LineAsync($"{label} {CaseOf(runEvent, data)}" + (message is null ? string.Empty : ": " + TestText.Message(message, 160)));
                break;
            case "skipped":
                _skipped++;
                break;
            case "run-finished":
                // The runner's notes on how it ran the project (smart order, shards, retries, coverage problems).
                if (data.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
                {
                    var notes = _notes.TryGetValue(runEvent.Project ?? ".", out var list) ? list : _notes[runEvent.Project ?? "."] = [];
                    foreach (var note in messages.EnumerateArray())
                    {
                        if (Text(note, "level") is { } level && !level.Equals("error", StringComparison.OrdinalIgnoreCase)
                            && Text(note, "text") is { Length: > 0 } text && !notes.Contains(text))
                        {
                            notes.Add(text);
                        }
                    }
                }

                break;
            case TestRunEventTypes.ProjectFinished:
                _finished++;
                var root = Text(data, "root") ?? runEvent.Project ?? ".";
                var problem = Text(data, "error");
                var totals = data.TryGetProperty("totals", out var t) ? t : default;
                await LineAsync($"{Text(data, "framework")} in {root}: "
                    + (totals.ValueKind == JsonValueKind.Object ? Counts(totals) : "no results")
                    + (problem is null ? string.Empty : $" ({TestText.Message(problem, 200)})"));
                if (_notes.Remove(runEvent.Project ?? root, out var projectNotes))
                {
                    foreach (var note in projectNotes.Take(NotesPerProject))
                    {
                        await error.WriteLineAsync("  " + TestText.Message(note, 300));
                    }
                }

                break;
            case TestRunEventTypes.Finished:
                Clear();
                return;
        }

        if (interactive && (!_sinceDraw.IsRunning || _sinceDraw.Elapsed >= RedrawEvery))
        {
            Draw();
        }
    }

    async Task LineAsync(string line)
    {
        Clear();
        await error.WriteLineAsync(line);
    }

    void Draw()
    {
        var filled = _projects == 0 ? 0 : BarWidth * _finished / _projects;
        var bar = new string('#', filled) + new string('.', BarWidth - filled);
        var counts = string.Create(CultureInfo.InvariantCulture,
            $"{_finished}/{_projects} projects  {_passed} passed  {_failed} failed  {_skipped} skipped{(_flaky > 0 ? $"  {_flaky} flaky" : string.Empty)}");
        var line = $"[{bar}] {counts}  {_current}";
        var width = Math.Max(40, SafeWidth() - 1);
        error.Write("\r\u001b[2K" + (line.Length > width ? line[..width] : line));
        error.Flush();
        _drawn = true;
        _sinceDraw.Restart();
    }

    void Clear()
    {
        if (_drawn)
        {
            error.Write("\r\u001b[2K");
            _drawn = false;
        }
    }

    string CaseOf(TestRunEvent runEvent, JsonElement data) =>
        _cases.TryGetValue((runEvent.Project, Text(data, "caseKey") ?? string.Empty), out var id) ? id : Text(data, "caseKey") ?? "?";

    static string Counts(JsonElement totals)
    {
        var parts = new List<string>();
        foreach (var (name, label) in new[] { ("passed", "passed"), ("failed", "failed"), ("errored", "errored"), ("flaky", "flaky"), ("skipped", "skipped") })
        {
            if (totals.TryGetProperty(name, out var count) && count.GetInt32() > 0)
            {
                parts.Add(count.GetInt32().ToString(CultureInfo.InvariantCulture) + " " + label);
            }
        }

        return parts.Count == 0 ? "no tests" : string.Join(", ", parts);
    }

    static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }
}
