namespace Lightning.Testing.Generation;

/// <summary>One call to observe: a test point with one input per parameter (and the constructor's, for a method).</summary>
public sealed record CallPlan(string Id, TestPoint Point, IReadOnlyList<(string? Name, GeneratedInput Input)> Arguments, IReadOnlyList<GeneratedInput> ConstructorArguments)
{
    /// <summary>The edge cases this call tries, for its test's name: <c>empty_string</c>, <c>negative_and_zero</c>; empty when every input is typical.</summary>
    public string Labels => string.Join("_and_", Arguments.Select(argument => argument.Input.Label).Where(label => label != "typical").Distinct(StringComparer.Ordinal));
}

/// <summary>
/// What a call did when the helper ran it (twice): returned a value (<see cref="Value"/> is its literal when it can be
/// written as one), raised <see cref="Type"/>, timed out, or escaped (a SystemExit, a promise). <see cref="Stable"/>:
/// both runs agreed. <see cref="Covered"/>/<see cref="Uncovered"/>: the lines (Python) or V8 blocks (JavaScript) of
/// the target file that ran or were skipped, used to keep only inputs that take new paths.
/// </summary>
public sealed record Observation
{
    public required string Id { get; init; }

    public required string Kind { get; init; }

    public string? Value { get; init; }

    public string? Type { get; init; }

    public string? TypeModule { get; init; }

    public bool Stable { get; init; }

    public IReadOnlySet<string> Covered { get; init; } = new HashSet<string>();

    public IReadOnlySet<string> Uncovered { get; init; } = new HashSet<string>();
}
