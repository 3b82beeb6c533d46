namespace Lightning.Testing.History;

/// <summary>Which runs to list: filters, page size (1-500) and the cursor (a run id: runs before it).</summary>
public sealed record TestRunQuery(string? Repository = null, string? Framework = null, TestRunStatus? Status = null, int Limit = 50, string? Before = null);
