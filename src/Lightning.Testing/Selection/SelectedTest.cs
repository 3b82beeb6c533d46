namespace Lightning.Testing.Selection;

/// <summary>
/// A test (or a whole test file) to run, in <see cref="Project"/> (a detected project's root), with the selector its
/// framework takes (<c>tests/test_x.py::test_y</c>, or the file <c>tests/test_x.py</c>, relative to the project root),
/// its file relative to the repository, the score fast mode ranked it by, and why it runs.
/// </summary>
public sealed record SelectedTest(string Project, string Framework, string Id, string File)
{
    /// <summary>True when <see cref="Id"/> is a whole test file.</summary>
    public bool WholeFile { get; init; }

    /// <summary>0-1: how likely the change affects it (proximity combined with failure history).</summary>
    public double Score { get; init; }

    public IReadOnlyList<string> Reasons { get; init; } = [];
}
