using System.Text;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.GoTest;

/// <summary>
/// go test: <c>go test -json -count=1 [-run ^(TestA|TestB)$] PACKAGES</c>. The JSON stream on stdout is both the live
/// source and the report (copied, with stderr interleaved as <c>2&gt;&amp;1</c> would, to SCRATCH/go-test.jsonl);
/// <c>-count=1</c> because a cached result is not a run. Selection is by top-level test name per package (a subtest
/// is retried with its parent, which runs all its subtests).
/// </summary>
internal sealed class GoTestAdapter(string? buildTags = null) : FrameworkAdapter
{
    const string ReportFile = "go-test.jsonl";

    /// <summary>Between a selector's package and its test name: a character no import path or test name holds.</summary>
    internal const char SelectorSeparator = '\u001f';

    public override TestFramework Framework => TestFramework.GoTest;

    public override bool CanOrder => true;

    public override Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var detected = pass.Context.Toolchain.Resolve(pass.Context.Project.Command);
        var testAt = IndexOfTest(detected);
        var flags = detected.Skip(testAt + 1).Where(argument => argument.StartsWith('-')).ToList();
        var packages = detected.Skip(testAt + 1).Where(argument => !argument.StartsWith('-')).ToList();
        List<string> command = [.. detected.Take(testAt + 1), "-json", "-count=1", .. flags, .. TagsArgument(flags, buildTags)];
        if (pass.Selectors.Count > 0)
        {
            var selected = pass.Selectors.Select(Parse).ToList();
            // A package with no test name (a shard's "PACKAGE::") runs whole; a -run would narrow it, so with one there is none.
            if (!selected.Exists(selector => selector.Name.Length == 0))
            {
                var names = selected.Select(selector => selector.Name.Split('/')[0]).Distinct(StringComparer.Ordinal).Select(Quote);
                command.AddRange(["-run", "^(?:" + string.Join('|', names) + ")$"]);
            }

            if (selected.TrueForAll(selector => selector.Package is not null))
            {
                packages = selected.Select(selector => selector.Package!).Distinct(StringComparer.Ordinal).ToList();
            }
        }

        if (pass.Order.Count > 0)
        {
            packages = OrderPackages(pass, packages.Count > 0 ? packages : ["./..."]);
            // Packages run side by side finish in any order: one at a time, they run (and fail) in the order given.
            if (!flags.Any(flag => flag == "-p" || flag.StartsWith("-p=", StringComparison.Ordinal)))
            {
                command.AddRange(["-p", "1"]);
            }
        }

        if (pass.ShuffleSeed is { } seed)
        {
            command.Add("-shuffle=" + seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        command.AddRange(packages.Count > 0 ? packages : ["./..."]);
        return Task.FromResult(new PassPlan(command, new Dictionary<string, string>(StringComparer.Ordinal)) { StdoutCopy = pass.File(ReportFile), CopyStderr = true, KeepStdout = false });
    }

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live) => new GoTestTranslator(live);

    public override async Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(reader);
        var path = pass.File(ReportFile);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return null;
        }

        return await reader.ReadFileAsync(path, cancellationToken, TestReportFormat.GoTestJson);
    }

    /// <summary><c>example.com/calc::TestAdd/sub</c> (a case id), <c>example.com/calc::</c> (the whole package) or a bare test name, which then runs in every package.</summary>
    public override string SelectorFor(ProjectContext context, string test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var separator = test.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        return separator < 0
            ? SelectorSeparator + test
            : test[..separator] + SelectorSeparator + test[(separator + TestCaseId.Separator.Length)..];
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return liveSelector ?? (testCase.ClassName is { } package ? package + SelectorSeparator + testCase.Name : null);
    }

    /// <summary>
    /// go test takes no test order (tests run in source order within a package), but with <c>-p 1</c> it runs packages
    /// in the order given: patterns (<c>./...</c>) become the project's packages with tests, those of the smart order first.
    /// </summary>
    static List<string> OrderPackages(RunPass pass, List<string> packages)
    {
        var module = Selection.Coverage.FrameworkTests.GoModule(pass.Context.Directory);
        if (module is null)
        {
            return packages;
        }

        var listed = packages.Any(package => package.Contains("...", StringComparison.Ordinal))
            ? PackagesWithTests(pass.Context.Directory).Select(directory => Selection.Coverage.FrameworkTests.GoPackage(module, directory)).ToList()
            : packages;
        var rank = pass.Order.Select(test => test.Id.Split(TestCaseId.Separator, 2)[0]).Distinct(StringComparer.Ordinal)
            .Select((package, index) => (package, index)).ToDictionary(entry => entry.package, entry => entry.index, StringComparer.Ordinal);
        return [.. listed.OrderBy(package => rank.GetValueOrDefault(package, int.MaxValue)).ThenBy(package => package, StringComparer.Ordinal)];
    }

    /// <summary>Directories (relative, "." for the root) holding <c>_test.go</c> files, as <c>./...</c> would find them.</summary>
    static IEnumerable<string> PackagesWithTests(string root)
    {
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            if (Directory.EnumerateFiles(directory, "*_test.go").Any())
            {
                var relative = Path.GetRelativePath(root, directory).Replace('\\', '/');
                yield return relative;
            }

            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !name.StartsWith('_') && name is not "vendor" and not "testdata")
                {
                    pending.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// <c>-tags=</c><paramref name="configured"/> (<see cref="Detection.Toolchains.TestToolchainOptions.GoBuildTags"/>)
    /// unless <paramref name="flags"/> (a detected command's) set tags themselves; nothing without either. The shard
    /// listing (<see cref="Parallel.GoShards"/>) adds the command's own <c>-tags</c> and this, so it lists what the run runs.
    /// </summary>
    internal static List<string> TagsArgument(IEnumerable<string> flags, string? configured) =>
        flags.Any(IsTags) || string.IsNullOrWhiteSpace(configured) ? [] : ["-tags=" + configured.Trim()];

    /// <summary>go's flag syntax: <c>-tags=x</c> or <c>--tags=x</c> (the detected commands carry no <c>-tags x</c> form).</summary>
    internal static bool IsTags(string flag) =>
        flag.StartsWith("-tags=", StringComparison.Ordinal) || flag.StartsWith("--tags=", StringComparison.Ordinal);

    static int IndexOfTest(IReadOnlyList<string> command)
    {
        for (var i = 1; i < command.Count; i++)
        {
            if (command[i] == "test")
            {
                return i;
            }
        }

        throw new InvalidOperationException($"'{string.Join(' ', command)}' is not a go test command.");
    }

    static (string? Package, string Name) Parse(string selector)
    {
        var separator = selector.IndexOf(SelectorSeparator, StringComparison.Ordinal);
        return separator switch
        {
            < 0 => (null, selector),
            0 => (null, selector[1..]),
            _ => (selector[..separator], selector[(separator + 1)..]),
        };
    }

    /// <summary>Go's regexp.QuoteMeta.</summary>
    static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                quoted.Append('\\');
            }

            quoted.Append(c);
        }

        return quoted.ToString();
    }
}
