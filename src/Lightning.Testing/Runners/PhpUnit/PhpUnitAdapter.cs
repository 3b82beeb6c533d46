using System.Text;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.PhpUnit;

/// <summary>
/// PHPUnit: <c>phpunit --teamcity --log-junit SCRATCH/phpunit.xml --do-not-cache-result --colors=never [--filter REGEX]</c>
/// (or the project's <c>php vendor/bin/phpunit</c>). TeamCity messages on stdout are the live events; the result cache
/// PHPUnit would write into the project is turned off. Tests are selected with a <c>--filter</c> regular expression
/// over <c>Class::name</c>, anchored at both ends (a method named without a data set brings all its data sets).
/// </summary>
internal sealed class PhpUnitAdapter : FrameworkAdapter
{
    const string ReportFile = "phpunit.xml";

    public override TestFramework Framework => TestFramework.Phpunit;

    public override Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        List<string> command =
        [
            .. pass.Context.Toolchain.Resolve(pass.Context.Project.Command),
            "--teamcity",
            "--log-junit", pass.File(ReportFile),
            "--do-not-cache-result",
            "--colors=never",
        ];
        if (pass.Selectors.Count > 0)
        {
            // A method with data sets runs as "Class::method with data set #0" and so on: naming the method selects them all.
            command.AddRange(["--filter", "/^(?:" + string.Join('|', pass.Selectors.Select(Quote)) + ")(?: with data set .*)?$/"]);
        }

        return Task.FromResult(new PassPlan(command, new Dictionary<string, string>(StringComparer.Ordinal)));
    }

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live) => new PhpUnitTranslator(live);

    public override Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        return ReportFiles.ReadAsync(reader, pass.File(ReportFile), cancellationToken);
    }

    /// <summary>A case id <c>App.CalcTest::testAdd</c> becomes <c>App\CalcTest::testAdd</c>, the name PHPUnit filters.</summary>
    public override string SelectorFor(ProjectContext context, string test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var separator = test.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        return separator < 0 ? test : test[..separator].Replace('.', '\\') + test[separator..];
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        var phpClass = testCase.Properties.FirstOrDefault(property => property.Name == "class")?.Value ?? testCase.ClassName?.Replace('.', '\\');
        return liveSelector ?? (phpClass is null ? null : phpClass + "::" + testCase.Name);
    }

    /// <summary>PHP's preg_quote with <c>/</c> as the delimiter.</summary>
    static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@".\+*?[^]$(){}=!<>|:-#/".Contains(c, StringComparison.Ordinal))
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.ToString();
    }
}
