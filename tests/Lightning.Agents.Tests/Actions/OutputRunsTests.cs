using Lightning.Agents.Actions;
using Lightning.Core.Processes;

namespace Lightning.Agents.Tests.Actions;

public sealed class OutputRunsTests
{
    [Fact]
    public void EncodeThenSplit_InterleavedStreams_ComeBackInOrder()
    {
        var runs = new OutputRuns();
        runs.Add(new OutputChunk(OutputStream.Stdout, "ab"));
        runs.Add(new OutputChunk(OutputStream.Stdout, "c"));
        runs.Add(new OutputChunk(OutputStream.Stderr, "ERR"));
        runs.Add(new OutputChunk(OutputStream.Stdout, "d"));

        var encoded = runs.Encode();
        var pieces = OutputRuns.Split("abcERRd", encoded);

        encoded.ShouldBe("o3,e3,o1");
        pieces.ShouldBe([new("stdout", "abc"), new("stderr", "ERR"), new("stdout", "d")]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    public void Split_MissingOrBadRuns_IsAllStdout(string? encoded) =>
        OutputRuns.Split("text", encoded).ShouldBe([new ActionOutputData("stdout", "text")]);

    [Fact]
    public void Split_RunsLongerThanOutput_AreCut() =>
        OutputRuns.Split("abc", "e10").ShouldBe([new ActionOutputData("stderr", "abc")]);
}
