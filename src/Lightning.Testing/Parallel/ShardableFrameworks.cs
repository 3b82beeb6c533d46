using Lightning.Testing.Detection;

namespace Lightning.Testing.Parallel;

/// <summary>
/// Which frameworks a project can be split into shards for. A shard runs its tests by selector, so the framework must
/// list the current tests (new ones included, not only those history knows) with ids its selector takes back exactly
/// (<see cref="ShardCollector"/>): pytest node ids, Jest files (by exact path), go packages or test names, RSpec
/// example ids, PHPUnit methods (by --filter), JUnit 5 methods (by --select-method), dotnet test methods (by their fully
/// qualified names in --filter, or xUnit v3's --filter-method). The others run unsharded, and say why.
/// </summary>
internal static class ShardableFrameworks
{
    public static string? WhyNot(TestFramework framework) => framework switch
    {
        TestFramework.Pytest or TestFramework.Jest or TestFramework.GoTest or TestFramework.Rspec or TestFramework.Phpunit or TestFramework.Junit5
            or TestFramework.DotnetTest => null,
        _ => "its tests cannot be listed and selected",
    };
}
