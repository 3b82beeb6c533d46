using Lightning.Core.Processes;
using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners;
using Lightning.Testing.Runners.JUnit5;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists a JUnit 5 project's test methods for shards. The sources are compiled as a run compiles them (the detected
/// javac steps, into a scratch directory), then <c>lightning.junit.LightningDiscovery</c> (compiled with the events
/// listener) discovers with the Launcher API what <c>--scan-class-path</c> would run, on the run's own class path. A unit
/// is a method with all its invocations (parameterized, repeated): its selector <c>Class#method(Types)</c> is what the
/// adapter passes to <c>--select-method</c>. A test with no method source (another engine's) cannot be selected
/// exactly, so such a project runs whole.
/// </summary>
internal static class JUnitShards
{
    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(
        IProcessRunner processes, TestToolchainOptions toolchains, DetectedTestProject project, string directory, ToolchainReport toolchain,
        CancellationToken cancellationToken)
    {
        var adapter = new JUnitAdapter(processes, toolchains.JavaRepositories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var searchPath = toolchains.EffectiveSearchPath;
        // Beside the runs' scratch directories, so the compiled listener is found and shared as a run would.
        using var scratch = ShardLister.Scratch();
        var context = new ProjectContext(project, directory, toolchain, searchPath, scratch.Path);
        if (adapter.MissingTool(context) is { } missing)
        {
            return (null, missing);
        }

        var lister = new ShardLister(processes, [], directory, searchPath);
        foreach (var step in project.Preparation)
        {
            var command = adapter.Preparation(context, step);
            var compiled = await lister.RunAsync(command, cancellationToken);
            if (!compiled.Succeeded)
            {
                return (null, ShardLister.Failed(command, compiled));
            }
        }

        var pass = new RunPass(context, 1, [], Path.Combine(scratch.Path, "pass-1"));
        Directory.CreateDirectory(pass.Scratch);
        var plan = await adapter.PlanAsync(pass, cancellationToken);
        var jar = JUnitAdapter.JarOf(plan.Command);
        var listener = await adapter.ListenerAsync(context, jar, cancellationToken);
        List<string> discover = [plan.Command[0], "-Dfile.encoding=UTF-8", "-cp", jar + Path.PathSeparator + listener, JUnitAdapter.DiscoveryClass, .. ClassPath(plan.Command)];
        var result = await lister.RunAsync(discover, cancellationToken);
        if (!result.Succeeded)
        {
            return (null, ShardLister.Failed(discover, result));
        }

        var (methods, others) = Parse(result.Output);
        if (others.Count > 0)
        {
            return (null, $"{others.Count} test(s) have no method to select (such as {others[0]})");
        }

        var byCase = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var method in methods)
        {
            byCase.TryAdd(method.CaseKey, method.Selector);
        }

        var units = methods.Select(method => method.Selector).Distinct(StringComparer.Ordinal).Select(selector => new ShardUnit(selector, [selector])).ToList();
        return (new ShardListing(units, "test method", timing => UnitOf(timing, byCase)), null);
    }

    /// <summary>A listed method: its selector, and <c>LegacyClass::legacyName</c> as the report's case ids begin.</summary>
    internal sealed record ListedMethod(string Selector, string CaseKey);

    /// <summary>The discovery's lines: methods in listed order, and the unique ids of tests that have no method.</summary>
    internal static (List<ListedMethod> Methods, List<string> Others) Parse(string output)
    {
        var methods = new List<ListedMethod>();
        var others = new List<string>();
        foreach (var line in output.Split('\n'))
        {
            var fields = line.TrimEnd('\r').Split('\t');
            if (fields is ["method", var selector, var className, var name])
            {
                methods.Add(new ListedMethod(selector, TestCaseId.Create(className, WithoutInvocation(name))));
            }
            else if (fields is ["other", var id])
            {
                others.Add(id);
            }
        }

        return (methods, others);
    }

    /// <summary>
    /// A recorded case (<c>com.example.CalcTest::positive(int)[2]</c>) as the method that runs it. The legacy names give
    /// parameter types by simple name, the selector by full name: the case is matched on the legacy name.
    /// </summary>
    static string? UnitOf(TestTiming timing, Dictionary<string, string> byCase)
    {
        var separator = timing.Id.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var key = timing.Id[..separator] + TestCaseId.Separator + WithoutInvocation(timing.Id[(separator + TestCaseId.Separator.Length)..]);
        return byCase.GetValueOrDefault(key);
    }

    /// <summary><c>positive(int)[2]</c> → <c>positive(int)</c>: an invocation's legacy name is its method's with an index.</summary>
    static string WithoutInvocation(string name) =>
        name.EndsWith(']') && name.LastIndexOf('[') is > 0 and var open && name[..open].EndsWith(')') ? name[..open] : name;

    /// <summary>Every <c>--class-path</c> value of the launcher's command: the compiled classes, resources, the listener and the build's jars.</summary>
    static IEnumerable<string> ClassPath(IReadOnlyList<string> command)
    {
        for (var i = 0; i < command.Count - 1; i++)
        {
            if (command[i] is "--class-path" or "--classpath" or "-cp" or "-classpath")
            {
                yield return command[i + 1];
            }
        }
    }
}
