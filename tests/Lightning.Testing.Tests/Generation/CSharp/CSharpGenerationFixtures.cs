using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Generation.CSharp;

/// <summary>
/// A small C# solution to generate tests for: a class library (static methods with guard clauses, branches and a
/// throw; a class with an instance method) and its xUnit v3 test project on VSTest with coverlet, one existing test.
/// Package versions are those of the machine's NuGet cache, so restore needs no network.
/// </summary>
internal static class CSharpGenerationFixtures
{
    public const string Library = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
          </PropertyGroup>
        </Project>
        """;

    public const string TestProject = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <OutputType>Exe</OutputType>
            <IsPackable>false</IsPackable>
            <IsTestingPlatformApplication>false</IsTestingPlatformApplication>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.11.0" />
            <PackageReference Include="xunit.v3" Version="4.0.2" />
            <PackageReference Include="xunit.runner.visualstudio" Version="4.0.1" />
            <PackageReference Include="coverlet.collector" Version="6.0.4" />
            <ProjectReference Include="../Shop/Shop.csproj" />
          </ItemGroup>
        </Project>
        """;

    public const string Pricing = """
        namespace Shop.Pricing;

        /// <summary>Prices in cents.</summary>
        public static class Prices
        {
            /// <summary>Parses "12.34" into cents.</summary>
            public static int ParseCents(string text)
            {
                ArgumentNullException.ThrowIfNull(text);
                if (text.Length == 0)
                {
                    throw new FormatException("empty price");
                }

                var parts = text.Trim().Split('.');
                var cents = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) * 100;
                return parts.Length > 1 ? cents + int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : cents;
            }

            public static int Clamp(int value, int low, int high)
            {
                if (value < low)
                {
                    return low;
                }

                return value > high ? high : value;
            }

            /// <summary>The larger of two prices (generic: called with int).</summary>
            public static T Larger<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;

            /// <summary>Counts items: the syntax picks string for T (class), which the runtime refuses (IEnumerable&lt;int&gt;).</summary>
            public static int CountOf<T>(T items) where T : class, IEnumerable<int> => items.Count();
        }

        public sealed class Cart
        {
            readonly List<int> _items = [];

            public int Add(int cents)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(cents);
                _items.Add(cents);
                return _items.Sum();
            }

            internal int Count => _items.Count;
        }
        """;

    public const string ExistingTest = """
        using Shop.Pricing;
        using Xunit;

        namespace Shop.Tests;

        public class PricesTests
        {
            [Fact]
            public void Clamp_Inside_ReturnsValue() => Assert.Equal(5, Prices.Clamp(5, 0, 10));
        }
        """;

    /// <summary>Writes the solution into <c>repo/</c>: <c>Shop/</c> and <c>Shop.Tests/</c>.</summary>
    public static void Write(FixtureWorkspace workspace, bool withTests = true)
    {
        workspace.Write("repo/Shop/Shop.csproj", Library).Write("repo/Shop/Pricing.cs", Pricing);
        if (withTests)
        {
            workspace.Write("repo/Shop.Tests/Shop.Tests.csproj", TestProject).Write("repo/Shop.Tests/PricesTests.cs", ExistingTest);
        }
    }
}
