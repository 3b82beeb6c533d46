namespace Lightning.Testing.Results;

/// <summary>JUnit's distinction, kept by every format that has it: an assertion failure or an unexpected error.</summary>
public enum TestFailureKind
{
    Failure,
    Error,
}
