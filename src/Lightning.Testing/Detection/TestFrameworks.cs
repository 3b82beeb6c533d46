using Lightning.Core.Errors;

namespace Lightning.Testing.Detection;

/// <summary>The catalogue of frameworks, and the one place a framework name typed by a user is turned into a <see cref="TestFramework"/>.</summary>
public static class TestFrameworks
{
    public static IReadOnlyList<TestFrameworkInfo> All { get; } =
    [
        new(TestFramework.Pytest, "pytest", "pytest", "Python", Supported: true, ["py.test", "python"]),
        new(TestFramework.Jest, "jest", "Jest", "JavaScript", Supported: true, []),
        new(TestFramework.GoTest, "go-test", "go test", "Go", Supported: true, ["go", "gotest", "go test"]),
        new(TestFramework.Junit5, "junit5", "JUnit 5", "Java", Supported: true, ["junit", "junit-5", "junit 5", "junit-jupiter", "jupiter"]),
        new(TestFramework.Rspec, "rspec", "RSpec", "Ruby", Supported: true, []),
        new(TestFramework.Phpunit, "phpunit", "PHPUnit", "PHP", Supported: true, ["php-unit"]),
        new(TestFramework.DotnetTest, "dotnet-test", "dotnet test", "C#", Supported: true, ["dotnet", "dotnet test", "xunit", "xunit.v3", "nunit", "mstest"]),
        new(TestFramework.Vitest, "vitest", "Vitest", "JavaScript", Supported: false, []),
        new(TestFramework.Mocha, "mocha", "Mocha", "JavaScript", Supported: false, []),
        new(TestFramework.Custom, "custom", "custom runner", "any", Supported: true, ["custom-runner", "command"]),
    ];

    /// <summary>The names of the frameworks the platform runs, in catalogue order.</summary>
    public static IReadOnlyList<string> SupportedNames { get; } = [.. All.Where(info => info.Supported).Select(info => info.Name)];

    public static TestFrameworkInfo Info(TestFramework framework) => All.First(info => info.Framework == framework);

    public static string NameOf(TestFramework framework) => Info(framework).Name;

    /// <summary>The framework a user named, by name or alias, in any case.</summary>
    /// <exception cref="LightningException"><c>testing.unknown_framework</c>, listing the known names.</exception>
    public static TestFramework Parse(string name)
    {
        var trimmed = name?.Trim() ?? string.Empty;
        foreach (var info in All)
        {
            if (string.Equals(info.Name, trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(info.DisplayName, trimmed, StringComparison.OrdinalIgnoreCase)
                || info.Aliases.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
            {
                return info.Framework;
            }
        }

        throw new LightningException(ErrorKind.Invalid, "testing.unknown_framework",
            $"Unknown test framework '{trimmed}'. Known frameworks: {string.Join(", ", SupportedNames)} "
            + "(vitest and mocha are recognised but not supported yet: use the custom runner).");
    }

    /// <summary>Like <see cref="Parse"/>, and refuses a framework that is recognised but does not run here.</summary>
    /// <exception cref="LightningException"><c>testing.unknown_framework</c> or <c>testing.framework_not_supported</c>.</exception>
    public static TestFramework ParseSupported(string name)
    {
        var framework = Parse(name);
        ThrowIfNotSupported(framework);
        return framework;
    }

    public static void ThrowIfNotSupported(TestFramework framework)
    {
        var info = Info(framework);
        if (!info.Supported)
        {
            throw new LightningException(ErrorKind.Invalid, "testing.framework_not_supported", NotSupportedNote(framework));
        }
    }

    internal static string NotSupportedNote(TestFramework framework) =>
        $"{Info(framework).DisplayName} is detected but not supported yet: use the custom runner "
        + "(any command that writes JUnit XML or TAP).";
}
