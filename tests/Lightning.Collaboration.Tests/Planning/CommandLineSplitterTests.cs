using Lightning.Collaboration.Planning;

namespace Lightning.Collaboration.Tests.Planning;

public sealed class CommandLineSplitterTests
{
    [Theory]
    [InlineData("git status", new[] { "git", "status" })]
    [InlineData("  sh -c 'echo $HOME; ls'  ", new[] { "sh", "-c", "echo $HOME; ls" })]
    [InlineData("grep \"a \\\"b\\\" c\" file", new[] { "grep", "a \"b\" c", "file" })]
    [InlineData("echo a\\ b ''", new[] { "echo", "a b", "" })]
    [InlineData("x=\"1 2\"y", new[] { "x=1 2y" })]
    public void Split_CommandLine_RespectsQuotes(string line, string[] expected) =>
        CommandLineSplitter.Split(line).ShouldBe(expected);

    [Theory]
    [InlineData("echo 'open")]
    [InlineData("echo \"open")]
    [InlineData("   ")]
    public void Split_Malformed_Throws(string line) => Should.Throw<FormatException>(() => CommandLineSplitter.Split(line));
}
