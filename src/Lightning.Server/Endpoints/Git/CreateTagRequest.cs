namespace Lightning.Server.Endpoints.Git;

/// <summary>A tag at <paramref name="Target"/> (HEAD when null): annotated when <paramref name="Message"/> is given, lightweight otherwise.</summary>
public sealed record CreateTagRequest(string Name, string? Target = null, string? Message = null);
