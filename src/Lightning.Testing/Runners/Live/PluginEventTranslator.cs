using System.Text.Json;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;

namespace Lightning.Testing.Runners.Live;

/// <summary>
/// Reads the events our framework plugins (pytest plugin, Jest reporter, RSpec formatter, JUnit listener) append to the
/// events file, one JSON object per line:
/// <code>
/// {"e":"start","k":"key","suite":"...","className":"...","name":"...","file":"...","line":3,"selector":"..."}
/// {"e":"output","k":"key","stream":"stdout","text":"..."}          (no k: the run's; "suite": a suite's)
/// {"e":"finish","k":"key","outcome":"failed","duration":0.12,"failures":[{"kind":"failure","message":"...","type":"...","stack":"..."}],"skip":{"message":"...","type":"..."}}
/// </code>
/// A finish may carry the start's fields, for frameworks that only tell at the end. <paramref name="idOf"/> builds the
/// id the framework's report gives the case from the start's fields. A line that is not such an object is ignored:
/// the report, read at the end, is the source of truth.
/// </summary>
internal sealed class PluginEventTranslator(LiveRun live, Func<PluginCase, string> idOf) : LiveTranslator
{
    readonly HashSet<string> _started = new(StringComparer.Ordinal);

    public int IgnoredLines { get; private set; }

    public override async ValueTask OnEventLineAsync(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            IgnoredLines++;
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                IgnoredLines++;
                return;
            }

            var key = Text(root, "k");
            switch (Text(root, "e"))
            {
                case "start" when key is not null:
                    await StartAsync(key, root);
                    break;
                case "output":
                    await OutputAsync(key, root);
                    break;
                case "finish" when key is not null:
                    if (!_started.Contains(key))
                    {
                        await StartAsync(key, root);
                    }

                    await live.FinishCaseAsync(key, Outcome(Text(root, "outcome")), Seconds(root, "duration"), Failures(root), Skip(root));
                    break;
                default:
                    IgnoredLines++;
                    break;
            }
        }
    }

    async ValueTask StartAsync(string key, JsonElement root)
    {
        var info = new PluginCase(
            Text(root, "suite") ?? string.Empty,
            Text(root, "name") ?? key,
            Text(root, "className"),
            Text(root, "file"),
            root.TryGetProperty("line", out var line) && line.TryGetInt32(out var number) ? number : null,
            Text(root, "selector"));
        _started.Add(key);
        await live.StartCaseAsync(key, new LiveCase(info.Suite, idOf(info), info.Name, info.ClassName, info.File, info.Line, info.Selector));
    }

    async ValueTask OutputAsync(string? key, JsonElement root)
    {
        var text = Text(root, "text");
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var stream = Text(root, "stream") == "stderr" ? TestOutputStream.Stderr : TestOutputStream.Stdout;
        if (key is null && Text(root, "suite") is { } suite)
        {
            await live.SuiteOutputAsync(suite, stream, text);
            return;
        }

        await live.OutputAsync(key, stream, text);
    }

    static TestOutcome Outcome(string? text) => text switch
    {
        "passed" => TestOutcome.Passed,
        "skipped" => TestOutcome.Skipped,
        "failed" => TestOutcome.Failed,
        _ => TestOutcome.Errored,
    };

    static List<TestFailure> Failures(JsonElement root)
    {
        var failures = new List<TestFailure>();
        if (root.TryGetProperty("failure", out var single) && single.ValueKind == JsonValueKind.Object)
        {
            failures.Add(Failure(single));
        }

        if (root.TryGetProperty("failures", out var many) && many.ValueKind == JsonValueKind.Array)
        {
            failures.AddRange(many.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.Object).Select(Failure));
        }

        return failures;
    }

    static TestFailure Failure(JsonElement failure) => new(
        Text(failure, "kind") == "error" ? TestFailureKind.Error : TestFailureKind.Failure,
        Text(failure, "message"),
        Text(failure, "type"),
        Text(failure, "stack"));

    static TestSkip? Skip(JsonElement root) =>
        root.TryGetProperty("skip", out var skip) && skip.ValueKind == JsonValueKind.Object
            ? new TestSkip(Text(skip, "message"), Text(skip, "type"), null)
            : null;

    static TimeSpan? Seconds(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds) && double.IsFinite(seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;

    static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>A case as a plugin announces it, before its report id is made.</summary>
internal sealed record PluginCase(string Suite, string Name, string? ClassName, string? File, int? Line, string? Selector);
