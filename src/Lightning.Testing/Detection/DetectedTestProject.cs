namespace Lightning.Testing.Detection;

/// <summary>
/// A test project found in a repository. Paths are relative: <see cref="Root"/> to the repository (<c>.</c> for the
/// repository itself), everything else to <see cref="Root"/>, with forward slashes. <see cref="Command"/> and each step of
/// <see cref="Preparation"/> are argument lists (never shell strings) to run in <see cref="Root"/>, preparation first.
/// </summary>
/// <param name="Variant">What kind of project within the framework: <c>xunit</c>, <c>xunit.v3</c>, <c>nunit</c>,
/// <c>mstest</c> for dotnet test; <c>maven</c>, <c>gradle</c>, <c>plain</c> for JUnit 5; null otherwise.</param>
/// <param name="Supported">False for frameworks that are recognised but not run (<see cref="Note"/> says what to do);
/// their <see cref="Command"/> is empty.</param>
/// <param name="TestFileCount">Test files matching <see cref="TestFileGlobs"/> that the walk saw.</param>
/// <param name="SourceDirectories">Directories of the code under test, where the framework separates them (JUnit 5).</param>
/// <param name="TestDirectories">Directories of the tests, where the framework separates them (JUnit 5).</param>
public sealed record DetectedTestProject(
    TestFramework Framework,
    string Name,
    string Root,
    string Language,
    string? Variant,
    bool Supported,
    string? Note,
    IReadOnlyList<DetectionEvidence> Evidence,
    IReadOnlyList<string> TestFileGlobs,
    int TestFileCount,
    IReadOnlyList<string> SourceDirectories,
    IReadOnlyList<string> TestDirectories,
    IReadOnlyList<IReadOnlyList<string>> Preparation,
    IReadOnlyList<string> Command);
