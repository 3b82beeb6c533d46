namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// A column of a GitLab issue board: <paramref name="ListType"/> is <c>label</c> (issues with <paramref name="Label"/>),
/// or <c>assignee</c>, <c>milestone</c>, <c>iteration</c>; the Open and Closed columns are not lists in GitLab's API.
/// </summary>
public sealed record BoardListView(long Id, string? Label, int? Position, string? ListType);
