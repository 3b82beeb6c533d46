using System.Text;
using System.Text.Json;
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

    public override bool CanOrder => true;

    public override async Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        List<string> command =
        [
            .. pass.Context.Toolchain.Resolve(pass.Context.Project.Command),
            "--teamcity",
            "--log-junit", pass.File(ReportFile),
            "--colors=never",
        ];
        if (pass.Order.Count > 0)
        {
            var cache = pass.File("order.phpunit.result.cache");
            await File.WriteAllTextAsync(cache, OrderCache(pass.Context, pass.Order), cancellationToken);
            // --cache-result wins over a configuration's cacheResult="false", without which the cache is not read.
            command.AddRange(["--order-by=duration", "--cache-result", "--cache-result-file=" + cache]);
        }
        else
        {
            command.Add("--do-not-cache-result");
        }
        if (pass.Selectors.Count > 0)
        {
            // A method with data sets runs as "Class::method with data set #0" and so on: naming the method selects them all.
            command.AddRange(["--filter", "/^(?:" + string.Join('|', pass.Selectors.Select(Quote)) + ")(?: with data set .*)?$/"]);
        }

        return new PassPlan(command, new Dictionary<string, string>(StringComparer.Ordinal));
    }

    /// <summary>
    /// PHPUnit takes no list of tests to order, but <c>--order-by=duration</c> sorts each suite by the times its result
    /// cache holds (PHP's sort is stable), keyed by <c>sortId()</c>: <c>Class::method</c> for a test, <c>Class::class</c>
    /// for a class (<c>Class::method::class</c> for a data provider's suite). A cache whose times are the order's ranks
    /// (negative: tests it does not list have 0 and come after) runs classes by their first listed test, and the tests
    /// within each class in the order given. Tests of one class always run together.
    /// </summary>
    internal static string OrderCache(ProjectContext context, IReadOnlyList<OrderedRunTest> order)
    {
        var times = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            var id = new PhpUnitAdapter().SelectorFor(context, order[i].Id);
            var dataSet = id.IndexOf(" with data set ", StringComparison.Ordinal);
            id = dataSet > 0 ? id[..dataSet] : id;
            var rank = i - order.Count;
            times.TryAdd(id, rank);
            times.TryAdd(id + "::class", rank);
            var separator = id.IndexOf("::", StringComparison.Ordinal);
            if (separator > 0)
            {
                times.TryAdd(id[..separator] + "::class", rank);
            }
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["version"] = 1, ["defects"] = new Dictionary<string, int>(), ["times"] = times });
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
