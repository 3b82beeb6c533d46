using Lightning.Agents.Ssh;
using Lightning.Core.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Agents.Tests.Ssh;

public sealed class SshCommandLineTests
{
    [Fact]
    public void BuildCommandLine_QuotesEveryArgument() =>
        SshCommandRunner.BuildCommandLine(["echo", "it's", "$(id)", "a b"], "dir with space")
            .ShouldBe("cd 'dir with space' && exec 'echo' 'it'\\''s' '$(id)' 'a b'");

    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("$(touch /tmp/x); `id` | & > < * ? ~ \\ \" '")]
    [InlineData("")]
    public async Task Quote_RunThroughARealShell_ComesBackVerbatim(string argument)
    {
        // The remote side runs the line through a POSIX shell: check the quoting against one.
        var runner = new ProcessRunner(NullLogger<ProcessRunner>.Instance, TimeProvider.System);

        var result = await runner.RunAsync(new ProcessSpec("sh", ["-c", "printf %s " + SshCommandRunner.Quote(argument)]), null, TestContext.Current.CancellationToken);

        result.Output.ShouldBe(argument);
    }
}
