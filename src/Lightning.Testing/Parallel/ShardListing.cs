using Lightning.Testing.History;

namespace Lightning.Testing.Parallel;

/// <summary>
/// What one shard item selects: <see cref="Id"/> names it in the plan, <see cref="Tests"/> are the entries of
/// <see cref="Runners.TestRunRequest.Tests"/> that run exactly it (a pytest node id, a Jest file, a go package, ...).
/// </summary>
public sealed record ShardUnit(string Id, IReadOnlyList<string> Tests);

/// <summary>
/// A project's tests as the framework listed them, in units a shard can select exactly. <see cref="UnitOf"/> says which
/// unit a recorded test belongs to (null: none), so a unit's expected time is the sum of its tests' history.
/// </summary>
public sealed record ShardListing(IReadOnlyList<ShardUnit> Units, string Noun, Func<TestTiming, string?> UnitOf)
{
    /// <summary>Listing built the project (dotnet test): the shards' test commands do not build it again.</summary>
    public bool Prebuilt { get; init; }
}
