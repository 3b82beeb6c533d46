namespace Lightning.Server.Endpoints.Git;

/// <summary>A GitLab issue board and its lists (columns).</summary>
public sealed record BoardView(long Id, string Name, IReadOnlyList<BoardListView> Lists);
