using Lightning.Agents.Actions;
using Lightning.Cli.Output;

namespace Lightning.Cli.Tests.Output;

public sealed class ActionTextTests
{
    [Theory]
    [InlineData(ActionStatus.Succeeded, 0, ExitCodes.Ok)]
    [InlineData(ActionStatus.Failed, 3, 3)]
    [InlineData(ActionStatus.Failed, 255, 255)]
    [InlineData(ActionStatus.Failed, -1, ExitCodes.Failure)]
    [InlineData(ActionStatus.Failed, 300, ExitCodes.Failure)]
    [InlineData(ActionStatus.Failed, null, ExitCodes.Failure)]
    [InlineData(ActionStatus.TimedOut, null, ExitCodes.TimedOut)]
    [InlineData(ActionStatus.Cancelled, null, ExitCodes.Cancelled)]
    public void ExitCode_FinishedAction_IsTheCommandsOrADocumentedOne(ActionStatus status, int? exitCode, int expected)
    {
        var action = new ActionView("act_1", "a", ActionKind.Command, "x", "me", status, exitCode, null, false, DateTimeOffset.UnixEpoch, null, null, null);

        ActionText.ExitCode(action).ShouldBe(expected);
    }
}
