namespace Lightning.Git.Insights.Conflicts;

/// <summary>The conflict types git's merge machinery reports (<c>CONFLICT (contents)</c>, <c>CONFLICT (rename/delete)</c>, ...).</summary>
public enum PredictedConflictKind
{
    Content,
    AddAdd,
    ModifyDelete,
    RenameDelete,
    RenameRename,
    RenameAdd,
    FileDirectory,
    DistinctTypes,
    DirectoryRename,
    Binary,
    Submodule,
    Other,
}
