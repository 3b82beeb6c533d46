namespace Lightning.Testing.Selection;

public enum ChangeKind
{
    Added,
    Modified,
    Deleted,
    Renamed,
}
