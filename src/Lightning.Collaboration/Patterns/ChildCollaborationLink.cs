namespace Lightning.Collaboration.Patterns;

/// <summary>The child collaboration a <c>collaboration</c> subtask started, found again by the subtask's idempotency key.</summary>
public sealed record ChildCollaborationLink(string IdempotencyKey, string Parent, string Child);
