namespace Lightning.Testing.Selection;

public enum SelectionMode
{
    /// <summary>Every test that could be affected: the union of coverage, imports, data files read and changed tests.</summary>
    Safe,

    /// <summary>The affected tests ranked by proximity and failure history, cut at a confidence.</summary>
    Fast,
}
