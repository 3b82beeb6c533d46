using System.Text.Json;
using Lightning.Testing.Detection;
using Lightning.Testing.History;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Dotnet;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Lists a dotnet test project's test methods by their fully qualified names, which <c>--filter</c> takes back exactly
/// (<c>dotnet test --list-tests</c> prints display names, which NUnit and MSTest give without the class). The project
/// is built first (<c>dotnet build X -t:Build -getProperty:TargetPath -getProperty:MSBuildExtensionsPath</c>: the
/// assembly and the SDK directory in one step), then listed:
/// <list type="bullet">
/// <item>VSTest: the SDK's own <c>vstest.console.dll ASSEMBLY --ListFullyQualifiedTests --ListTestsTargetPath:FILE</c>.</item>
/// <item>Microsoft.Testing.Platform with xUnit v3: the test app's own <c>-list methods</c>.</item>
/// <item>Microsoft.Testing.Platform otherwise (NUnit, MSTest): the test app's <c>--list-tests json</c>, whose text form
/// gives display names only (see <see cref="PlatformUnits"/>).</item>
/// </list>
/// A unit is a method with the names listed for it (see <see cref="Units"/>).
/// </summary>
internal static class DotnetShards
{
    public static async Task<(ShardListing? Listing, string? Problem)> ListAsync(ShardLister lister, DetectedTestProject project, CancellationToken cancellationToken)
    {
        var testingPlatform = lister.Command.Contains("--project");
        var environment = DotnetAdapter.QuietEnvironment();
        var test = lister.Command.ToList().IndexOf("test");
        List<string> build = [lister.Command[0], "build", .. lister.Command.Skip(test + 1).Where(argument => argument != "--project"),
            "-t:Build", "-getProperty:TargetPath", "-getProperty:MSBuildExtensionsPath"];
        var built = await lister.RunAsync(build, cancellationToken, environment);
        var (assembly, sdk) = built.Succeeded ? Properties(built.Output) : (null, null);
        if (assembly is null || sdk is null || !File.Exists(assembly))
        {
            return (null, assembly is null && built.Succeeded
                ? "the build named no single test assembly (a solution, or several target frameworks)"
                : ShardLister.Failed(build, built, DotnetBuildErrors.Read(built.Output, lister.Directory)));
        }

        List<string> names;
        if (testingPlatform && project.Variant != "xunit.v3")
        {
            // NUnit, MSTest (and any runner on the VSTest bridge): the platform's own JSON listing names each test's
            // method, which its text listing (display names only) does not.
            List<string> list = [lister.Command[0], assembly, "--list-tests", "json"];
            var listed = await lister.RunAsync(list, cancellationToken, environment);
            if (!listed.Succeeded)
            {
                return (null, listed.Output.Contains("expects no arguments", StringComparison.Ordinal)
                    ? "this test app's Microsoft.Testing.Platform is too old to list tests as JSON ('--list-tests json': 2.0.2 cannot, 2.5.1 can)"
                    : ShardLister.Failed(list, listed));
            }

            var (platformUnits, problem) = PlatformUnits(listed.Output);
            if (platformUnits is null)
            {
                return (null, problem);
            }

            var methods = platformUnits.Select(unit => unit.Id).ToHashSet(StringComparer.Ordinal);
            return (new ShardListing(platformUnits, "test method", timing => UnitOf(timing, methods)) { Prebuilt = true }, null);
        }
        else if (testingPlatform)
        {
            List<string> list = [lister.Command[0], assembly, "-list", "methods"];
            var listed = await lister.RunAsync(list, cancellationToken, environment);
            if (!listed.Succeeded)
            {
                return (null, ShardLister.Failed(list, listed));
            }

            names = Names(listed.Output);
        }
        else
        {
            using var scratch = ShardLister.Scratch();
            var file = Path.Combine(scratch.Path, "tests.txt");
            List<string> list = [lister.Command[0], Path.Combine(sdk, "vstest.console.dll"), assembly, "--ListFullyQualifiedTests", "--ListTestsTargetPath:" + file];
            var listed = await lister.RunAsync(list, cancellationToken, environment);
            if (!listed.Succeeded || !File.Exists(file))
            {
                return (null, ShardLister.Failed(list, listed));
            }

            names = Names(await File.ReadAllTextAsync(file, cancellationToken));
        }

        var units = Units(names);
        var known = units.Select(unit => unit.Id).ToHashSet(StringComparer.Ordinal);
        return (new ShardListing(units, "test method", timing => UnitOf(timing, known)) { Prebuilt = true }, null);
    }

    /// <summary>The two properties of the build's JSON answer (the build's own lines may come before it).</summary>
    internal static (string? TargetPath, string? Sdk) Properties(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        var end = output.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return (null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(output[start..(end + 1)]);
            var properties = document.RootElement.GetProperty("Properties");
            static string? Value(JsonElement properties, string name) =>
                properties.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text ? text : null;
            return (Value(properties, "TargetPath"), Value(properties, "MSBuildExtensionsPath"));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, null);
        }
    }

    /// <summary>
    /// Fully qualified names, one per line. The part before any argument list has a dot and no space; a banner or a
    /// summary line ("VSTest version 18.7.0 (x64)") does not.
    /// </summary>
    internal static List<string> Names(string output) =>
        [.. output.Split('\n').Select(line => line.Trim()).Where(line =>
        {
            var open = line.IndexOf('(', StringComparison.Ordinal);
            var head = open < 0 ? line : line[..open];
            return head.Length > 0 && head.Contains('.', StringComparison.Ordinal) && !head.Any(char.IsWhiteSpace);
        }).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// One unit per method (the name before any argument list), in listed order, with every name listed for it: an
    /// xUnit theory's rows share the method's name, NUnit's cases add their arguments and are each selected exactly
    /// (<c>FullyQualifiedName=Ns.C.M\(1,2\)</c>; NUnit's adapter fails on a contains-filter with a parenthesis).
    /// </summary>
    internal static List<ShardUnit> Units(IEnumerable<string> names) =>
        [.. names.GroupBy(name => name.IndexOf('(', StringComparison.Ordinal) is > 0 and var open ? name[..open] : name, StringComparer.Ordinal)
            .Select(method => new ShardUnit(method.Key, [.. method]))];

    /// <summary>
    /// Units from Microsoft.Testing.Platform's <c>--list-tests json</c> (2.5: <c>{"tests":[{"uid", "displayName",
    /// "type":{"namespace","typeName","methodName"}}]}</c>). A unit is a method, <c>namespace.typeName.methodName</c>
    /// (nested types as <c>Outer+Inner</c>, as the filter sees them). The names its filter selects: NUnit's uid is the
    /// test's fully qualified name, arguments included (<c>Ns.C.Increments(1,2)</c>), and is taken as it is; MSTest's uid
    /// is a GUID (the VSTest test case id), and its fully qualified name is the method's, shared by every data row.
    /// </summary>
    internal static (List<ShardUnit>? Units, string? Problem) PlatformUnits(string output)
    {
        // The JSON document starts on a line of its own; anything a test framework logs comes before it.
        var start = output.StartsWith('{') ? 0 : output.IndexOf("\n{", StringComparison.Ordinal) is >= 0 and var line ? line + 1 : -1;
        var end = output.LastIndexOf('}');
        if (start < 0 || end < start)
        {
            return (null, "the test app printed no JSON listing");
        }

        var methods = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var order = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(output[start..(end + 1)]);
            foreach (var test in document.RootElement.GetProperty("tests").EnumerateArray())
            {
                var uid = test.TryGetProperty("uid", out var value) ? value.GetString() ?? "" : "";
                var isGuid = Guid.TryParse(uid, out _);
                string? method = null;
                if (test.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Object
                    && Text(type, "typeName") is { } typeName && Text(type, "methodName") is { } methodName)
                {
                    method = (Text(type, "namespace") is { } ns ? ns + "." : "") + typeName + "." + methodName;
                }
                else if (!isGuid && uid.Length > 0)
                {
                    method = uid.IndexOf('(', StringComparison.Ordinal) is > 0 and var open ? uid[..open] : uid;
                }

                if (method is null)
                {
                    return (null, $"test '{Text(test, "displayName") ?? uid}' has neither a method nor a fully qualified name to select it by");
                }

                if (!methods.TryGetValue(method, out var names))
                {
                    methods[method] = names = [];
                    order.Add(method);
                }

                var name = isGuid || uid.Length == 0 ? method : uid;
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return (null, "the test app's JSON listing could not be read: " + ex.Message);
        }

        return ([.. order.Select(method => new ShardUnit(method, methods[method]))], null);

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
    }

    /// <summary>A recorded case (<c>Ns.Class::Increments(value: 1, next: 2)</c>) as its method's name, when listed.</summary>
    static string? UnitOf(TestTiming timing, HashSet<string> methods)
    {
        var separator = timing.Id.IndexOf(TestCaseId.Separator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var name = timing.Id[(separator + TestCaseId.Separator.Length)..];
        var open = name.IndexOf('(', StringComparison.Ordinal);
        var method = timing.Id[..separator] + "." + (open < 0 ? name : name[..open]).Trim();
        return methods.Contains(method) ? method : null;
    }
}
