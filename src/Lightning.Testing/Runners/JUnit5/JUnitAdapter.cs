using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Rules;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.JUnit5;

/// <summary>
/// JUnit 5 through the console launcher: the detected <c>javac</c> steps compile into the scratch directory instead of
/// the project's target/, then <c>java -Dfile.encoding=UTF-8 -jar CONSOLE --class-path ... --class-path LISTENER
/// --reports-dir SCRATCH/reports --config=junit.platform.output.capture.stdout=true (and stderr)
/// [--scan-class-path | --select-method Class#method(params) ...]</c>. The legacy XML reports (one per engine) are the
/// result; a <see cref="LightningEventsListenerSource">TestExecutionListener</see> compiled once per machine from the
/// embedded source and found through ServiceLoader writes the live events, with the legacy reporter's names. The jars
/// a Maven or Gradle build declares and the ones those need (<see cref="JavaDependencies"/>) join both javac class paths and the launcher's;
/// one that is not on this machine stops the project before anything is compiled, with its coordinates named. A given
/// order (the smart order, the order check's) is applied by <see cref="LightningOrdererSource">LightningOrderer</see>,
/// compiled with the listener, as Jupiter's default class and method orderer; the report's cases are put in the order
/// they ran (<see cref="InRunOrder"/>).
/// </summary>
/// <remarks>
/// <paramref name="configured"/> are the configured repositories; <paramref name="settings"/> turns them into those looked
/// in (by default <see cref="MavenSettings.Apply(IReadOnlyList{string})"/>: settings.xml's local repository instead of
/// ~/.m2/repository).
/// </remarks>
internal sealed class JUnitAdapter(IProcessRunner processes, IReadOnlyList<string> configured, Func<IReadOnlyList<string>, IReadOnlyList<string>>? settings = null) : FrameworkAdapter
{
    readonly Func<IReadOnlyList<string>, IReadOnlyList<string>> _settings = settings ?? MavenSettings.Apply;

    const string LightningEventsListenerSource = "LightningEventsListener.java";
    const string LightningDiscoverySource = "LightningDiscovery.java";
    const string LightningOrdererSource = "LightningOrderer.java";
    const string LightningSelectionSource = "LightningSelection.java";
    const string SelectionClass = "lightning.junit.LightningSelection";
    const string FilterServiceFile = "META-INF/services/org.junit.platform.launcher.PostDiscoveryFilter";
    const string OrdererClass = "lightning.junit.LightningOrderer";
    internal const string DiscoveryClass = "lightning.junit.LightningDiscovery";
    const string ListenerClass = "lightning.junit.LightningEventsListener";
    const string ServiceFile = "META-INF/services/org.junit.platform.launcher.TestExecutionListener";

    /// <summary>
    /// The class path per project context: asked for by the tool check, each javac step and each pass, it is read from
    /// the poms once per run. Keyed by the context instance (a run's own), so the next run reads the poms again.
    /// </summary>
    readonly ConditionalWeakTable<ProjectContext, StrongBox<(IReadOnlyList<string> Jars, string? Missing)>> _libraries = new();

    public override TestFramework Framework => TestFramework.Junit5;

    /// <summary>Through Jupiter's own extension points: <see cref="OrderArgumentsAsync"/>.</summary>
    public override bool CanOrder => true;

    public override string? MissingTool(ProjectContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Libraries(context).Missing;
    }

    public override IReadOnlyList<string> Preparation(ProjectContext context, IReadOnlyList<string> step)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = Redirect(context, base.Preparation(context, step));
        var jars = Libraries(context).Jars;
        if (jars.Count == 0 || Path.GetFileName(command[0]) != "javac")
        {
            return command;
        }

        var classPath = command.IndexOf("-cp");
        if (classPath < 0)
        {
            command.InsertRange(1, ["-cp", string.Join(Path.PathSeparator, jars)]);
        }
        else
        {
            command[classPath + 1] = string.Join(Path.PathSeparator, [command[classPath + 1], .. jars]);
        }

        return command;
    }

    public override async Task<PassPlan> PlanAsync(RunPass pass, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var detected = Redirect(pass.Context, pass.Context.Toolchain.Resolve(pass.Context.Project.Command));
        var jar = JarOf(detected);
        var listener = await ListenerAsync(pass.Context, jar, cancellationToken);
        var scan = pass.Selectors.Count == 0;
        List<string> command =
        [
            detected[0],
            "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-Dstderr.encoding=UTF-8",
            .. detected.Skip(1).Where(argument => scan || argument is not ("--scan-class-path" or "--scan-classpath")),
            "--class-path", listener,
            .. Libraries(pass.Context).Jars.SelectMany(jar => (string[])["--class-path", jar]),
            "--reports-dir", pass.File("reports"),
            "--config=junit.platform.output.capture.stdout=true",
            "--config=junit.platform.output.capture.stderr=true",
        ];
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["LIGHTNING_TEST_EVENTS"] = pass.EventsFile };
        if (pass.Selectors.Count > 0)
        {
            // A shard can select thousands of methods: an argument file (the launcher's @-files) keeps the command line
            // short whatever their number. Every value is quoted: '#' would start a comment, and parameter lists have spaces.
            var selections = pass.File("selectors.args");
            if (pass.Selectors.Any(NeedsSelectionByName))
            {
                // A method named from a report (named(String)) has types --select-method cannot load: its classes are
                // selected instead, and LightningSelection (a PostDiscoveryFilter) keeps only the methods named.
                var named = pass.File("selected-methods.txt");
                await File.WriteAllLinesAsync(named, pass.Selectors.Select(selector => selector.IndexOf('#', StringComparison.Ordinal) is > 0 and var hash
                    ? selector[..hash] + "\t" + selector[(hash + 1)..]
                    : selector + "\t*"), cancellationToken);
                environment["LIGHTNING_JUNIT_SELECT"] = named;
                await File.WriteAllLinesAsync(selections, pass.Selectors.Select(selector => selector.Split('#')[0]).Distinct(StringComparer.Ordinal)
                    .SelectMany(className => (string[])["--select-class", Quote(className)]), cancellationToken);
            }
            else
            {
                await File.WriteAllLinesAsync(selections, pass.Selectors.SelectMany(selector => (string[])
                    [selector.Contains('#', StringComparison.Ordinal) ? "--select-method" : "--select-class", Quote(selector)]), cancellationToken);
            }

            command.Add("@" + selections);
        }

        if (pass.Order.Count > 0)
        {
            command.AddRange(await OrderArgumentsAsync(pass, cancellationToken));
        }

        return new PassPlan(command, environment)
        {
            FollowsEventsFile = true,
        };
    }

    /// <summary>
    /// The smart order, without touching the project: <see cref="LightningOrdererSource">LightningOrderer</see> (compiled
    /// beside the listener, on the same class path) is made Jupiter's default class and method orderer for this run, and
    /// reads the order from a file in the pass's scratch directory: one <c>Class\tmethod(Types)</c> line per listed test,
    /// as the legacy report names it, invocations (<c>[n]</c>) at their method's place. Given on the command line, the
    /// settings win over a junit-platform.properties of the project; a class's own @TestMethodOrder still wins over them.
    /// </summary>
    static async Task<string[]> OrderArgumentsAsync(RunPass pass, CancellationToken cancellationToken)
    {
        var file = pass.File("order.txt");
        await File.WriteAllLinesAsync(file, OrderLines(pass.Order), cancellationToken);
        return
        [
            "--config=junit.jupiter.testclass.order.default=" + OrdererClass,
            "--config=junit.jupiter.testmethod.order.default=" + OrdererClass,
            "--config=lightning.junit.order.file=" + file,
        ];
    }

    /// <summary>The order file's lines: <c>com.example.CalcTest::add(int)[2]</c> becomes <c>com.example.CalcTest</c>, a tab, <c>add(int)</c>; each method once.</summary>
    internal static IEnumerable<string> OrderLines(IEnumerable<OrderedRunTest> order) => order
        .Select(test => test.Id.IndexOf(TestCaseId.Separator, StringComparison.Ordinal) is > 0 and var separator
            ? test.Id[..separator] + "\t" + Invoked(test.Id[(separator + TestCaseId.Separator.Length)..])
            : null)
        .OfType<string>()
        .Distinct(StringComparer.Ordinal);

    public override LiveTranslator CreateTranslator(RunPass pass, LiveRun live) =>
        new PluginEventTranslator(live, info => TestCaseId.Create(info.ClassName, null, [info.Suite], info.Name));

    public override async Task<TestRun?> ReadReportAsync(RunPass pass, TestReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        var reports = pass.File("reports");
        var run = await ReportFiles.ReadAsync(reader, Directory.Exists(reports) ? Directory.EnumerateFiles(reports, "TEST-*.xml") : [], cancellationToken);
        return run is null ? null : InRunOrder(run, await StartOrderAsync(pass.EventsFile, cancellationToken));
    }

    /// <summary>
    /// The legacy reporter writes a suite's cases in hash order (a HashMap of the test plan's tests, platform 1.9), not in
    /// the order they ran; the listener's start events are in that order. History keeps a run's cases as the report
    /// lists them and the smart order and the order check read the order that ran from there, so the cases are sorted
    /// by their start (a stable sort: a case the listener did not start keeps its place after those it did).
    /// </summary>
    internal static TestRun InRunOrder(TestRun run, IReadOnlyDictionary<string, int> started)
    {
        if (started.Count == 0)
        {
            return run;
        }

        TestSuite Sort(TestSuite suite) => suite with
        {
            Cases = [.. suite.Cases.OrderBy(testCase => started.TryGetValue(testCase.Id, out var rank) ? rank : int.MaxValue)],
            Suites = [.. suite.Suites.Select(Sort)],
        };

        return run with { Suites = [.. run.Suites.Select(Sort)] };
    }

    /// <summary>Each case id the events file started, with its place (the first start of an id counts).</summary>
    static async Task<Dictionary<string, int>> StartOrderAsync(string eventsFile, CancellationToken cancellationToken)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!File.Exists(eventsFile))
        {
            return order;
        }

        foreach (var line in await File.ReadAllLinesAsync(eventsFile, cancellationToken))
        {
            if (!line.Contains("\"start\"", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && Text(root, "e") == "start" && Text(root, "name") is { } name)
                {
                    order.TryAdd(TestCaseId.Create(Text(root, "className"), null, [Text(root, "suite") ?? string.Empty], name), order.Count);
                }
            }
            catch (JsonException)
            {
                // A line cut short by a killed JVM: the report is the source of truth, the order only a sort key.
            }
        }

        return order;

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>A case id <c>com.example.CalcTest::add(int, int)[2]</c> becomes <c>com.example.CalcTest#add(int, int)</c>.</summary>
    public override string SelectorFor(ProjectContext context, string test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var separator = test.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        return separator < 0 ? test : Method(test[..separator], test[(separator + TestCaseId.Separator.Length)..]);
    }

    public override string? SelectorFor(ProjectContext context, TestCase testCase, string? liveSelector)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        return liveSelector ?? (testCase.ClassName is { } className ? Method(className, testCase.Name) : null);
    }

    static readonly HashSet<string> Primitives = new(StringComparer.Ordinal) { "boolean", "byte", "char", "short", "int", "long", "float", "double" };

    /// <summary>
    /// True for a method selector whose parameter types the launcher cannot load: simple names of classes, as the legacy
    /// report (and so a case id) writes them (<c>named(String)</c>, <c>sum(List, int[])</c>). Primitives, their
    /// arrays and qualified names (<c>java.lang.String</c>, <c>[Ljava.lang.String;</c>) load.
    /// </summary>
    internal static bool NeedsSelectionByName(string selector)
    {
        var open = selector.IndexOf('(', StringComparison.Ordinal);
        var close = selector.LastIndexOf(')');
        if (!selector.Contains('#', StringComparison.Ordinal) || open < 0 || close <= open + 1)
        {
            return false;
        }

        return selector[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries).Any(type =>
            !type.StartsWith('[') && !type.Contains('.', StringComparison.Ordinal) && !Primitives.Contains(type.Replace("[]", string.Empty, StringComparison.Ordinal)));
    }

    /// <summary>A value quoted for the launcher's argument file (picocli's rules: double quotes, backslash escapes).</summary>
    static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>The legacy name of a parametrised or repeated invocation ends in <c>[n]</c>: the method runs them all.</summary>
    static string Method(string className, string name)
    {
        var method = Invoked(name);
        return className + "#" + (method.Contains('(', StringComparison.Ordinal) ? method : method + "()");
    }

    /// <summary>The method a legacy name belongs to: <c>add(int)[2]</c> is an invocation of <c>add(int)</c>.</summary>
    static string Invoked(string name) => name.EndsWith(']') && name.LastIndexOf('[') is > 0 and var open ? name[..open] : name;

    /// <summary>
    /// The jars of the libraries the project's build declares and of those they need in turn, found on this machine; or
    /// the message naming those that are not and the pom (or build file) asking for each.
    /// </summary>
    (IReadOnlyList<string> Jars, string? Missing) Libraries(ProjectContext context) =>
        _libraries.GetValue(context, key => new StrongBox<(IReadOnlyList<string>, string?)>(ReadLibraries(key))).Value;

    (IReadOnlyList<string> Jars, string? Missing) ReadLibraries(ProjectContext context)
    {
        JavaClassPath classPath;
        IReadOnlyList<string> repositories;
        try
        {
            // settings.xml is read per run, like the poms, so a changed <localRepository> is seen by the next run.
            repositories = _settings(configured);
            // Profiles with <jdk> are activated against the javac that compiles the project.
            var jdk = context.Toolchain.Tools.FirstOrDefault(tool => tool.Program == "javac" && tool.Present)?.Version;
            classPath = JavaDependencies.ClassPath(context.Directory, repositories, MavenActivation.Here(jdk));
        }
        catch (InvalidOperationException ex)
        {
            return ([], $"JUnit 5 in '{context.Project.Root}' cannot run: {ex.Message}");
        }

        if (classPath.Missing.Count == 0)
        {
            return (classPath.Jars, null);
        }

        var names = string.Join("; ", classPath.Missing.GroupBy(dependency => dependency.DeclaredIn).Select(group =>
        {
            var missing = group.ToList();
            return $"{group.Key} declares {string.Join(", ", missing.Select(dependency => $"{dependency.Coordinates} ({dependency.Scope})"))}, "
                   + $"{(missing.Count == 1 ? "which is" : "which are")} not on this machine";
        }));
        var unavailable = classPath.Unavailable.Count == 0 ? string.Empty
            : $" Not on this machine either, so the versions they manage were not applied: {string.Join("; ", classPath.Unavailable)}.";
        return (classPath.Jars, $"JUnit 5 in '{context.Project.Root}' cannot run: {names} (looked in {string.Join(", ", repositories)}; nothing is downloaded).{unavailable} "
                                + "Install the jar (a Debian lib...-java package, or into the local Maven repository), or run the project's own build as a custom command.");
    }

    /// <summary>The detector compiles into the project's target/lightning-junit: sent to the scratch directory instead.</summary>
    static List<string> Redirect(ProjectContext context, IReadOnlyList<string> command)
    {
        var main = Path.Combine(context.Scratch, "classes", "main");
        var test = Path.Combine(context.Scratch, "classes", "test");
        return command.Select(argument => string.Join(Path.PathSeparator, argument.Split(Path.PathSeparator).Select(part => part switch
        {
            JUnitRule.MainOutput => main,
            JUnitRule.TestOutput => test,
            // The coverage report step names the classes by their full path.
            _ when part == context.Full(JUnitRule.MainOutput) => main,
            _ => part,
        }))).ToList();
    }

    internal static string JarOf(IReadOnlyList<string> command)
    {
        for (var i = 0; i < command.Count - 1; i++)
        {
            if (command[i] == "-jar")
            {
                return command[i + 1];
            }
        }

        throw new InvalidOperationException($"'{string.Join(' ', command)}' does not run the JUnit console launcher (no -jar).");
    }

    /// <summary>
    /// The compiled listener for this console launcher: compiled once into a directory named after the source and the
    /// jar, beside the runs' scratch directories, built aside and moved into place so concurrent runs never see half of it.
    /// </summary>
    internal async Task<string> ListenerAsync(ProjectContext context, string jar, CancellationToken cancellationToken)
    {
        var source = PluginFiles.Text(LightningEventsListenerSource);
        var discovery = PluginFiles.Text(LightningDiscoverySource);
        var orderer = PluginFiles.Text(LightningOrdererSource);
        var selection = PluginFiles.Text(LightningSelectionSource);
        var jarInfo = new FileInfo(jar);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{source}\0{discovery}\0{orderer}\0{selection}\0{jarInfo.FullName}\0{jarInfo.Length}\0{jarInfo.LastWriteTimeUtc.Ticks}")))[..16];
        var root = Path.GetDirectoryName(context.Scratch)!;
        var target = Path.Combine(root, "lightning-junit-listener-" + hash);
        if (File.Exists(Path.Combine(target, ServiceFile)))
        {
            return target;
        }

        var building = target + ".building-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            var sourceFile = Path.Combine(building, "src", LightningEventsListenerSource);
            var discoveryFile = Path.Combine(building, "src", LightningDiscoverySource);
            var ordererFile = Path.Combine(building, "src", LightningOrdererSource);
            var selectionFile = Path.Combine(building, "src", LightningSelectionSource);
            Directory.CreateDirectory(Path.GetDirectoryName(sourceFile)!);
            await File.WriteAllTextAsync(sourceFile, source, cancellationToken);
            await File.WriteAllTextAsync(discoveryFile, discovery, cancellationToken);
            await File.WriteAllTextAsync(ordererFile, orderer, cancellationToken);
            await File.WriteAllTextAsync(selectionFile, selection, cancellationToken);
            var classes = Path.Combine(building, "classes");
            var javac = context.Toolchain.Resolve(["javac"])[0];
            var result = await processes.RunAsync(
                new ProcessSpec(javac, ["-nowarn", "-encoding", "UTF-8", "-d", classes, "-cp", jar, sourceFile, discoveryFile, ordererFile, selectionFile])
                {
                    WorkingDirectory = building,
                    Environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["PATH"] = context.SearchPath },
                    Timeout = TimeSpan.FromMinutes(5),
                },
                onOutput: null,
                cancellationToken);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Compiling the JUnit listener with {javac} failed ({result.Outcome}, exit code {result.ExitCode}): {result.Output}");
            }

            var service = Path.Combine(classes, ServiceFile);
            Directory.CreateDirectory(Path.GetDirectoryName(service)!);
            await File.WriteAllTextAsync(Path.Combine(classes, FilterServiceFile), SelectionClass + "\n", cancellationToken);
            await File.WriteAllTextAsync(service, ListenerClass + "\n", cancellationToken);
            try
            {
                Directory.Move(classes, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, ServiceFile)))
            {
                // Another run compiled it first.
            }

            return target;
        }
        finally
        {
            try
            {
                Directory.Delete(building, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
