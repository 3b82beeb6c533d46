using Lightning.Cli.Output;

namespace Lightning.Cli.Tests.Output;

public sealed class TextTableTests
{
    [Fact]
    public void Write_Rows_AlignsColumnsWithoutTrailingSpaces()
    {
        var writer = new StringWriter { NewLine = "\n" };

        new TextTable("NAME", "STATUS", "NOTE")
            .Add("a", "idle", "first\nline")
            .Add("longer-name", "busy", null)
            .Write(writer);

        writer.ToString().ShouldBe(
            "NAME         STATUS  NOTE\n" +
            "a            idle    first line\n" +
            "longer-name  busy\n");
    }
}
