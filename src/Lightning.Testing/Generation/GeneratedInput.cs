namespace Lightning.Testing.Generation;

/// <summary>
/// One argument value: <see cref="Source"/> is its literal in the target language (<c>''</c>, <c>-1</c>, <c>None</c>),
/// <see cref="Label"/> the edge case it stands for, used in test names (<c>empty_string</c>, <c>negative</c>).
/// </summary>
public sealed record GeneratedInput(string Label, string Source);
