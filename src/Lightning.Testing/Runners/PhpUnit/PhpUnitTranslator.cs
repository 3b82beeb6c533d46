using System.Globalization;
using Lightning.Core.Processes;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.PhpUnit;

/// <summary>
/// Reads PHPUnit's TeamCity messages: <c>testStarted</c> (its <c>locationHint</c>, <c>php_qn://FILE::\Class::name</c>,
/// gives the class and file), <c>testFailed</c>, <c>testIgnored</c> (skipped and incomplete), <c>testFinished</c>
/// (duration in ms); lines between a test's start and finish are its output. Case ids are the JUnit report's:
/// <c>Namespace.Class::name</c>, data sets included (<c>testAdd with data set #0</c>).
/// </summary>
internal sealed class PhpUnitTranslator(LiveRun live) : LiveTranslator
{
    sealed class Running(string key)
    {
        public string Key { get; } = key;
        public TestOutcome Outcome { get; set; } = TestOutcome.Passed;
        public List<TestFailure> Failures { get; } = [];
        public TestSkip? Skip { get; set; }
    }

    Running? _current;
    string _suite = "phpunit";

    public override async ValueTask<bool> OnLineAsync(OutputStream stream, string line)
    {
        if (stream != OutputStream.Stdout)
        {
            return false;
        }

        if (TeamCityMessage.TryParse(line) is not { } message)
        {
            if (_current is not null)
            {
                if (line.Length > 0)
                {
                    await live.OutputAsync(_current.Key, TestOutputStream.Stdout, line + "\n");
                }

                return true;
            }

            return line.Length == 0;
        }

        switch (message.Name)
        {
            case "testSuiteStarted" when Location(message["locationHint"]) is { Method: null, Class: { } suiteClass }:
                _suite = ClassName(suiteClass);
                break;
            case "testStarted":
                await StartAsync(message);
                break;
            case "testFailed" when _current is not null:
                _current.Outcome = TestOutcome.Failed;
                _current.Failures.Add(new TestFailure(TestFailureKind.Failure, message["message"], null, message["details"]?.Trim()));
                break;
            case "testIgnored" when _current is not null:
                _current.Outcome = TestOutcome.Skipped;
                _current.Skip = new TestSkip(message["message"], null, null);
                break;
            case "testFinished" when _current is not null:
                var duration = double.TryParse(message["duration"], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)
                    ? TimeSpan.FromMilliseconds(milliseconds)
                    : (TimeSpan?)null;
                await live.FinishCaseAsync(_current.Key, _current.Outcome, duration, _current.Failures, _current.Skip);
                _current = null;
                break;
        }

        return true;
    }

    async ValueTask StartAsync(TeamCityMessage message)
    {
        var name = message["name"] ?? "test";
        var location = Location(message["locationHint"]);
        var phpClass = location?.Class;
        var className = phpClass is null ? null : ClassName(phpClass);
        var key = (message["flowId"] ?? string.Empty) + "\0" + (location?.File ?? string.Empty) + "\0" + name;
        _current = new Running(key);
        await live.StartCaseAsync(key, new LiveCase(className ?? _suite, TestCaseId.Create(className, name), name, className, location?.File, null,
            phpClass is null ? null : phpClass + "::" + name));
    }

    /// <summary>PHPUnit's JUnit logger writes <c>classname</c> with dots for namespace separators.</summary>
    internal static string ClassName(string phpClass) => phpClass.TrimStart('\\').Replace('\\', '.');

    /// <summary><c>php_qn:///path/tests/CalcTest.php::\App\CalcTest::testAdd with data set #0</c>.</summary>
    static (string File, string Class, string? Method)? Location(string? hint)
    {
        const string Scheme = "php_qn://";
        if (hint is null || !hint.StartsWith(Scheme, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = hint[Scheme.Length..];
        var classStart = rest.IndexOf("::\\", StringComparison.Ordinal);
        if (classStart < 0)
        {
            return null;
        }

        var file = rest[..classStart];
        var qualified = rest[(classStart + 3)..];
        var methodStart = qualified.IndexOf("::", StringComparison.Ordinal);
        return methodStart < 0
            ? (file, qualified, null)
            : (file, qualified[..methodStart], qualified[(methodStart + 2)..]);
    }
}
