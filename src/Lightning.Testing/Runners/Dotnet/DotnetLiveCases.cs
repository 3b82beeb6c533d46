using System.Globalization;
using Lightning.Testing.Results;
using Lightning.Testing.Runners.Live;

namespace Lightning.Testing.Runners.Dotnet;

/// <summary>
/// Starts live cases from the display names .NET test output prints (VSTest's console logger and
/// Microsoft.Testing.Platform's detailed output alike), giving each the key its result is finished under. A name
/// without a class (MSTest's) gets the class the project's sources declare its method in, when they tell.
/// </summary>
internal sealed class DotnetLiveCases(DotnetTestClasses? classes = null)
{
    readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    /// <summary>Starts the case named <paramref name="displayName"/> on <paramref name="live"/> and returns its key.</summary>
    public async ValueTask<string> StartAsync(LiveRun live, string displayName)
    {
        // The same name twice (a theory row with equal arguments, a second target framework) is a second case.
        var occurrence = _seen[displayName] = _seen.GetValueOrDefault(displayName) + 1;
        var key = displayName + "\0" + occurrence.ToString(CultureInfo.InvariantCulture);
        var (className, name) = DotnetConsoleTranslator.Split(displayName);
        if (className is null && classes is not null)
        {
            var arguments = name.IndexOf('(', StringComparison.Ordinal);
            className = classes.ClassOf((arguments < 0 ? name : name[..arguments]).Trim());
        }

        await live.StartCaseAsync(key, new LiveCase(className ?? "dotnet", TestCaseId.Create(className, name), name, className, null, null,
            className is null ? null : DotnetAdapter.Selector(className, name)));
        return key;
    }
}
