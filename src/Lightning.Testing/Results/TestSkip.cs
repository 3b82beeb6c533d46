namespace Lightning.Testing.Results;

/// <summary>Why a case was skipped: the reason, its kind where the format names one (<c>pytest.xfail</c>, <c>todo</c>) and any detail.</summary>
public sealed record TestSkip(string? Message, string? Type, string? Details);
