using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lightning.Core.Processes;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Results.GoTest;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.GoTest;

/// <summary>
/// Reads the <c>go test -json</c> stream as it comes: <c>run</c> starts a case, <c>output</c> is its output (test2json's
/// framing lines left out, as the report parser does), <c>pass</c>/<c>fail</c>/<c>skip</c> end it. The failure is judged
/// as <see cref="GoTestJsonParser"/> judges it: a panic is an error, else the last line the test wrote is the message.
/// </summary>
internal sealed partial class GoTestTranslator(LiveRun live) : LiveTranslator
{
    readonly Dictionary<string, StringBuilder> _output = new(StringComparer.Ordinal);

    public override async ValueTask<bool> OnLineAsync(OutputStream stream, string line)
    {
        if (stream != OutputStream.Stdout || !line.StartsWith('{'))
        {
            return false;
        }

        GoTestEvent goEvent;
        try
        {
            goEvent = GoTestEvent.Parse(line);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            return false;
        }

        var package = goEvent.Package ?? goEvent.ImportPath;
        if (package is null)
        {
            return true;
        }

        package = package.Split(' ')[0];
        if (goEvent.Test is not { } test)
        {
            if (goEvent.Action == "output" && goEvent.Output is { } packageOutput && !Framing().IsMatch(packageOutput))
            {
                await live.SuiteOutputAsync(package, TestOutputStream.Stdout, packageOutput);
            }

            return true;
        }

        var key = package + "\0" + test;
        switch (goEvent.Action)
        {
            case "run":
                await StartAsync(key, package, test);
                break;
            case "output" when goEvent.Output is { } output && !Framing().IsMatch(output):
                await StartAsync(key, package, test);
                _output[key].Append(output);
                await live.OutputAsync(key, TestOutputStream.Stdout, output);
                break;
            case "pass" or "bench":
                await StartAsync(key, package, test);
                await live.FinishCaseAsync(key, TestOutcome.Passed, goEvent.Elapsed, [], null);
                break;
            case "skip":
                await StartAsync(key, package, test);
                await live.FinishCaseAsync(key, TestOutcome.Skipped, goEvent.Elapsed, [], new TestSkip(LastLine(_output[key].ToString()), null, null));
                break;
            case "fail":
                await StartAsync(key, package, test);
                var failure = Failure(_output[key].ToString());
                await live.FinishCaseAsync(key, failure.Kind == TestFailureKind.Error ? TestOutcome.Errored : TestOutcome.Failed, goEvent.Elapsed, [failure], null);
                break;
        }

        return true;
    }

    async ValueTask StartAsync(string key, string package, string test)
    {
        if (_output.ContainsKey(key))
        {
            return;
        }

        _output[key] = new StringBuilder();
        await live.StartCaseAsync(key, new LiveCase(package, TestCaseId.Create(package, test), test, package, null, null,
            package + GoTestAdapter.SelectorSeparator + test));
    }

    static TestFailure Failure(string output)
    {
        var panic = output.IndexOf("panic: ", StringComparison.Ordinal);
        if (panic >= 0 && (panic == 0 || output[panic - 1] == '\n'))
        {
            return new TestFailure(TestFailureKind.Error, output[panic..].Split('\n')[0], "panic", output[panic..]);
        }

        return new TestFailure(TestFailureKind.Failure, LastLine(output), null, null);
    }

    static string? LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    /// <summary>test2json's own lines, the same the report parser leaves out of a case's output.</summary>
    [GeneratedRegex(@"^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:PASS|FAIL|SKIP|BENCH): )")]
    private static partial Regex Framing();
}
