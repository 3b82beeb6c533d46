using Lightning.Git.Insights.Conflicts;

namespace Lightning.Git.Tests.Insights.Conflicts;

public sealed class MergeTreeOutputTests
{
    const string Tree = "d25d58d8eaebd321b5f4752efb716b58971e6988";

    [Fact]
    public void Parse_SingleConflictedMerge_FilesWithKindsFromMessages()
    {
        var output = $"{Tree}\0d.txt\0f.txt\0\0"
            + "1\0d.txt\0CONFLICT (modify/delete)\0CONFLICT (modify/delete): d.txt deleted in main and modified in b1.\n\0"
            + "1\0f.txt\0Auto-merging\0Auto-merging f.txt\n\0"
            + "1\0f.txt\0CONFLICT (contents)\0CONFLICT (content): Merge conflict in f.txt\n\0";

        var merge = MergeTreeOutput.Parse(output, batch: false).ShouldHaveSingleItem();

        merge.Conflicted.ShouldBeTrue();
        merge.Files.Select(f => (f.Path, f.Kinds.Single())).ShouldBe(
            [("d.txt", PredictedConflictKind.ModifyDelete), ("f.txt", PredictedConflictKind.Content)]);
        merge.Files[1].Messages.ShouldBe(["CONFLICT (content): Merge conflict in f.txt"]);
    }

    [Theory]
    [InlineData($"{Tree}\0")]
    [InlineData($"{Tree}\0\0")]
    public void Parse_SingleCleanMerge_NoFiles(string output)
    {
        var merge = MergeTreeOutput.Parse(output, batch: false).ShouldHaveSingleItem();

        merge.Conflicted.ShouldBeFalse();
        merge.Files.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_BatchCutShortByFatalError_KeepsOnlyCompleteMerges()
    {
        var output = $"0\0{Tree}\0a.txt\0\01\0a.txt\0CONFLICT (contents)\0CONFLICT (add/add): Merge conflict in a.txt\n\0\0"
            + $"1\0{Tree}\0\0\0"
            + $"0\0{Tree}\0b.txt\0\01\0b.txt";

        var merges = MergeTreeOutput.Parse(output, batch: true);

        merges.Count.ShouldBe(2);
        merges[0].Files.ShouldHaveSingleItem().Kinds.ShouldBe([PredictedConflictKind.AddAdd]);
        merges[1].Conflicted.ShouldBeFalse();
    }

    [Fact]
    public void Parse_BatchNegativeStatus_StopsThere()
    {
        var merges = MergeTreeOutput.Parse($"1\0{Tree}\0\0\0-1\0", batch: true);

        merges.ShouldHaveSingleItem().Conflicted.ShouldBeFalse();
    }

    [Theory]
    [InlineData("CONFLICT (rename/delete): r.txt renamed to r2.txt in a, but deleted in b.", PredictedConflictKind.RenameDelete)]
    [InlineData("CONFLICT (rename/rename)", PredictedConflictKind.RenameRename)]
    [InlineData("CONFLICT (file/directory): directory in the way of x from a; moving it to x~a instead.", PredictedConflictKind.FileDirectory)]
    [InlineData("CONFLICT (distinct types)", PredictedConflictKind.DistinctTypes)]
    [InlineData("CONFLICT (binary)", PredictedConflictKind.Binary)]
    [InlineData("CONFLICT (submodule lacks merge base)", PredictedConflictKind.Submodule)]
    [InlineData("CONFLICT (implicit dir rename): Existing file/dir at x in the way", PredictedConflictKind.DirectoryRename)]
    [InlineData("CONFLICT (something new)", PredictedConflictKind.Other)]
    public void KindOf_GitConflictTypes_Mapped(string conflict, PredictedConflictKind expected) =>
        MergeTreeOutput.KindOf(conflict).ShouldBe(expected);
}
