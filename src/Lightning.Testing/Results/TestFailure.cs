namespace Lightning.Testing.Results;

/// <summary>
/// Why a case (or a whole suite) failed: a one-line message, the exception or assertion type, and the stack or the
/// framework's detailed text (pytest's traceback, Jest's diff) as the report gives it.
/// </summary>
public sealed record TestFailure(TestFailureKind Kind, string? Message, string? Type, string? Stack);
