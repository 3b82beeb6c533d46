using Lightning.Testing.Detection;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Which frameworks a project can be split into shards for. A shard runs its tests by selector, so the framework must
/// list the current tests (new ones included, not only those history knows) with ids its selector takes back exactly.
/// pytest does both (<c>--collect-only -q</c> prints node ids, which select). The others run unsharded, and say why.
/// </summary>
internal static class ShardableFrameworks
{
    public static string? WhyNot(TestFramework framework) => framework switch
    {
        TestFramework.Pytest => null,
        TestFramework.Jest => "Jest lists test files, not tests (--listTests), and selects by name pattern: use Jest's own --shard",
        TestFramework.GoTest => "go test -list needs a build per package and selects with a -run regex per package",
        TestFramework.Junit5 => "the console launcher has no listing that gives back the method selectors",
        TestFramework.Rspec => "RSpec's dry run ids are not collected yet",
        TestFramework.Phpunit => "PHPUnit's --list-tests names are not collected yet",
        TestFramework.DotnetTest => "dotnet test --list-tests needs a build and prints display names, not filters",
        _ => "its tests cannot be listed and selected",
    };
}
