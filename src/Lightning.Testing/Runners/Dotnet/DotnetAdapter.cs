using System.Text;
using System.Xml.Linq;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>
/// dotnet test (VSTest): the detected <c>dotnet test X.csproj</c> plus <c>--logger trx;LogFileName=lightning.trx
/// --logger console;verbosity=normal --results-directory SCRATCH [--filter FullyQualifiedName=A|FullyQualifiedName=B]</c>.
/// A Microsoft.Testing.Platform project (<c>dotnet test --project X.csproj</c>) gets <c>--report-trx
/// --report-trx-filename lightning.trx --results-directory SCRATCH --output Detailed</c> instead (selection: xUnit v3's
/// <c>--filter-method</c>, the VSTest filter syntax for NUnit and MSTest; long selections through a response file or a
/// run settings file), and its detailed output is read live. NUnit under VSTest gets the
/// run setting <c>-- NUnit.DisplayName=FullName</c>, so its live names carry their class; MSTest's bare method names get
/// theirs from the sources (<see cref="DotnetTestClasses"/>). MSBuild node reuse and the compiler server are off, so no build process outlives the run and holds
/// its output open. The build writes bin/ and obj/ into the project as dotnet always does.
/// </summary>
internal sealed class DotnetAdapter : FrameworkAdapter
{
    const string ReportFile = "lightning.trx";

    /// <summary>Longer VSTest filters go into a run settings file.</summary>
    internal const int MaxFilterArgument = 16 * 1024;

    public override TestFramework Framework => TestFramework.DotnetTest;

    /// <summary>xUnit, NUnit and MSTest take no order from outside, but filters both ways: a smart order is a split run.</summary>
    public override bool SplitsOrder => true;

    public override Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var detected = pass.Context.Toolchain.Resolve(pass.Context.Project.Command);
        // dotnet test reads everything after "--" as run settings (VSTest) or the test app's own arguments (the
        // platform): the coverage collector's command ends with such a part, so our options go before it and our
        // run settings after it, or "--no-build" and the filter would be taken for run settings and ignored.
        var separator = detected.ToList().IndexOf("--");
        List<string> command = [.. separator < 0 ? detected : detected.Take(separator)];
        List<string> trailing = separator < 0 ? [] : [.. detected.Skip(separator + 1)];
        if (pass.Context.Prebuilt)
        {
            command.Add("--no-build");
        }

        // A coverage run names its own results directory (coverlet writes there), and dotnet test takes only one:
        // the report then goes into the pass's scratch directory by its full path.
        var ownResults = command.Contains("--results-directory");
        if (UsesTestingPlatform(pass.Context))
        {
            command.AddRange(["--report-trx", "--report-trx-filename", ReportFile, "--results-directory", pass.Scratch, "--output", "Detailed"]);
            if (pass.Context.Project.Variant == "xunit.v3")
            {
                FilterMethods(command, trailing, pass);
            }
            else if (pass.Selectors.Count > 0 || pass.Excluded.Count > 0)
            {
                // NUnit and MSTest on the platform run through its VSTest bridge, which reads a filter too long for
                // the command line from a run settings file, as VSTest does.
                AddFilter(command, pass);
            }
        }
        else
        {
            command.AddRange(["--logger", "trx;LogFileName=" + (ownResults ? Path.Combine(pass.Scratch, ReportFile) : ReportFile), "--logger", "console;verbosity=normal"]);
            if (!ownResults)
            {
                command.AddRange(["--results-directory", pass.Scratch]);
            }

            if (pass.Selectors.Count > 0 || pass.Excluded.Count > 0)
            {
                AddFilter(command, pass);
            }

            if (pass.Context.Project.Variant == "nunit")
            {
                // NUnit's adapter names results by method alone unless told otherwise (a run setting, after --): the
                // full name gives the live cases the class the TRX gives.
                trailing.Add("NUnit.DisplayName=FullName");
            }
        }

        if (trailing.Count > 0)
        {
            command.Add("--");
            command.AddRange(trailing);
        }

        return Task.FromResult(new PassPlan(command, QuietEnvironment()));
    }

    /// <summary>
    /// <c>--filter FILTER</c>, or, past <see cref="MaxFilterArgument"/>, <c>--settings SCRATCH/filter.runsettings</c>: a
    /// shard's filter can outgrow what one argument may hold (128 KiB on Linux), and VSTest and the platform's VSTest
    /// bridge read the same filter from a run settings file's RunConfiguration.TestCaseFilter. That file replaces the
    /// project's own run settings for the run.
    /// </summary>
    static void AddFilter(List<string> command, RunPass pass)
    {
        // A pass runs its selectors, or (the rest of a split smart-ordered run) every test but the excluded ones.
        var filter = pass.Selectors.Count > 0
            ? string.Join('|', pass.Selectors.Select(Filter))
            : string.Join('&', pass.Excluded.Select(selector => "FullyQualifiedName!=" + Escape(selector)));
        if (filter.Length <= MaxFilterArgument)
        {
            command.AddRange(["--filter", filter]);
            return;
        }

        var settings = Path.Combine(pass.Scratch, "filter.runsettings");
        new XDocument(new XElement("RunSettings", new XElement("RunConfiguration", new XElement("TestCaseFilter", filter)))).Save(settings);
        command.AddRange(["--settings", settings]);
    }

    /// <summary>
    /// xUnit v3 on the platform: one <c>--filter-method</c> per method. Past <see cref="MaxFilterArgument"/> they go into
    /// a response file the test app reads itself (<c>-- @SCRATCH/filter.rsp</c>): all of them could outgrow the command
    /// line (2 MiB on Linux). After <c>--</c>, <c>dotnet test</c> hands <c>@file</c> to the app as it is (before it,
    /// it would expand the file onto the app's command line again). The platform's response files strip every double
    /// quote, so a method name with one (possible in F#) keeps its selection on the command line.
    /// </summary>
    static void FilterMethods(List<string> command, List<string> trailing, RunPass pass)
    {
        // xUnit v3 matches --filter-method exactly unless it holds a wildcard (*), which a method name cannot; the rest
        // of a split run excludes the methods that ran first with --filter-not-method, matched the same way.
        var (option, methods) = pass.Selectors.Count > 0 ? ("--filter-method", pass.Selectors.ToList()) : ("--filter-not-method", pass.Excluded.ToList());
        if (methods.Sum(method => method.Length + 20) <= MaxFilterArgument || methods.Any(method => method.Contains('"', StringComparison.Ordinal)))
        {
            foreach (var method in methods)
            {
                command.AddRange([option, method]);
            }

            return;
        }

        // One option per line, each value quoted: the platform splits a line at white space outside quotes.
        var file = Path.Combine(pass.Scratch, "filter.rsp");
        File.WriteAllLines(file, methods.Select(method => $"{option} \"{method}\""));
        trailing.Add("@" + file);
    }

    /// <summary>
    /// The environment every dotnet command of the module runs with: no telemetry or banners, and no build server or
    /// node that outlives the build and keeps a scratch copy's files open.
    /// </summary>
    internal static Dictionary<string, string> QuietEnvironment() => new(StringComparer.Ordinal)
    {
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "false",
        ["UseSharedCompilation"] = "false",
    };

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var classes = new DotnetTestClasses(pass.Context.Directory);
        return UsesTestingPlatform(pass.Context) ? new TestingPlatformTranslator(live, classes) : new DotnetConsoleTranslator(live, classes);
    }

    /// <summary>
    /// A build that failed before any test ran: its compiler errors (<see cref="DotnetBuildErrors"/>), since the end of
    /// the output is MSBuild's summary ("Build FAILED.", counts, time).
    /// </summary>
    public override string? WhyNoReport(ProjectContext context, string output)
    {
        ArgumentNullException.ThrowIfNull(context);
        return DotnetBuildErrors.Read(output, context.Directory) is { Count: > 0 } errors ? "the build failed: " + string.Join(" | ", errors) : null;
    }

    /// <summary>Detection writes <c>dotnet test --project X</c> when the project's global.json selects Microsoft.Testing.Platform.</summary>
    static bool UsesTestingPlatform(ProjectContext context) => context.Project.Command.Contains("--project");

    public override Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        // One TRX per test project (a solution, several target frameworks): VSTest adds a suffix to the second.
        return ReportFiles.ReadAsync(reader, Directory.EnumerateFiles(pass.Scratch, "*.trx", SearchOption.AllDirectories), cancellationToken);
    }

    /// <summary>A case id <c>Ns.Class::Method(a: 1)</c> becomes <c>Ns.Class.Method</c>, the method's fully qualified name.</summary>
    public override string SelectorFor(ProjectContext context, string test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var separator = test.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        return separator < 0 ? test : Selector(test[..separator], test[(separator + TestCaseId.Separator.Length)..]);
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return liveSelector ?? (testCase.ClassName is { } className ? Selector(className, testCase.Name) : null);
    }

    /// <summary>
    /// Filters see the method, not a theory's row: a retry runs every row of the method, the report tells each apart.
    /// The selector is the method's fully qualified name without arguments, matched exactly: every installed adapter
    /// (NUnit's, whose case names carry the arguments, included) selects all rows of a parametrised method by it, and a
    /// contains-match would also rerun <c>Ns.C.MethodTwo</c> for <c>Ns.C.Method</c>.
    /// </summary>
    internal static string Selector(string className, string name)
    {
        var arguments = name.IndexOf('(', StringComparison.Ordinal);
        return className + "." + (arguments < 0 ? name : name[..arguments].Trim());
    }

    static string Filter(string selector) => "FullyQualifiedName=" + Escape(selector);

    /// <summary>VSTest's filter syntax reserves <c>\ ( ) &amp; | = ! ~</c>; each is escaped with a backslash.</summary>
    static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (@"\()&|=!~".Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
