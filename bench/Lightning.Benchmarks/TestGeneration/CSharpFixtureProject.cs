namespace Lightning.Benchmarks.TestGeneration;

/// <summary>
/// Benchmark 4's C# fixture: a class library (text and number helpers with guard clauses, branches and throws, a class
/// with state) and its xUnit v3 test project on VSTest with coverlet and one existing test. Package versions are those
/// of the machine's NuGet cache, so restore needs no network.
/// </summary>
internal static class CSharpFixtureProject
{
    public static readonly string[] Sources = ["Shop/TextTools.cs", "Shop/MathTools.cs"];

    public static readonly (string Path, string Text)[] Files =
    [
        ("Shop/Shop.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """),
        ("Shop.Tests/Shop.Tests.csproj", """
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
            """),
        ("Shop.Tests/SmokeTests.cs", """
            using Shop;
            using Xunit;

            namespace Shop.Tests;

            public class SmokeTests
            {
                [Fact]
                public void Slugify_Words_JoinsWithDashes() => Assert.Equal("hello-world", TextTools.Slugify("Hello World"));
            }
            """),
        ("Shop/TextTools.cs", """
            namespace Shop;

            public static class TextTools
            {
                /// <summary>Lower-case words joined by dashes.</summary>
                public static string Slugify(string text)
                {
                    ArgumentNullException.ThrowIfNull(text);
                    var words = text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.All(char.IsLetterOrDigit)).ToArray();
                    if (words.Length == 0)
                    {
                        throw new ArgumentException("nothing to slugify", nameof(text));
                    }

                    return string.Join('-', words);
                }

                public static string Truncate(string text, int limit)
                {
                    ArgumentOutOfRangeException.ThrowIfNegative(limit);
                    if (text.Length <= limit)
                    {
                        return text;
                    }

                    return text[..Math.Max(limit - 1, 0)] + "…";
                }

                public static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

                public static bool IsPalindrome(string text)
                {
                    var cleaned = new string([.. text.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
                    if (cleaned.Length == 0)
                    {
                        return false;
                    }

                    return cleaned.SequenceEqual(cleaned.Reverse());
                }
            }
            """),
        ("Shop/MathTools.cs", """
            namespace Shop;

            public static class MathTools
            {
                public static int Gcd(int a, int b)
                {
                    if (a < 0 || b < 0)
                    {
                        throw new ArgumentOutOfRangeException(nameof(a), "negative");
                    }

                    while (b != 0)
                    {
                        (a, b) = (b, a % b);
                    }

                    return a;
                }

                public static long Factorial(int n)
                {
                    ArgumentOutOfRangeException.ThrowIfNegative(n);
                    ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 20);
                    long result = 1;
                    for (var i = 2; i <= n; i++)
                    {
                        result *= i;
                    }

                    return result;
                }

                public static double Mean(int[] values)
                {
                    if (values.Length == 0)
                    {
                        throw new InvalidOperationException("no values");
                    }

                    return values.Average();
                }
            }

            public sealed class Counter
            {
                int _count;

                public int Add(int step)
                {
                    if (step == 0)
                    {
                        return _count;
                    }

                    _count += step;
                    return _count > 100 ? 100 : _count;
                }
            }
            """),
    ];
}
