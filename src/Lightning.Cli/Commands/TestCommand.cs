using System.CommandLine;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>lightning test ...</c>: find and run a local repository's tests in this process (no server needed), recording
/// each run in the data directory's history; <c>run</c>, <c>import</c> and <c>history</c> work on a server with <c>--server</c>.
/// </summary>
internal sealed class TestCommand : Command
{
    public TestCommand(CliContext context)
        : base("test", "Detect and run the tests of a local repository (runs locally; no server needed); run, import and history also work on a server with --server")
    {
        var options = new TestCommandOptions(
            new Option<string>("--path", "-C")
            {
                Description = "The repository, or the folder of tests to run [default: the current directory]",
                HelpName = "DIR",
                Recursive = true,
            },
            new Option<string>("--data")
            {
                Description = "Data directory whose history runs are recorded in and read from [default: $LIGHTNING_DATA or ./.lightning]",
                HelpName = "DIR",
                Recursive = true,
            });
        Add(options.Path);
        Add(options.Data);
        Add(new TestDetectCommand(context, options));
        Add(new TestRunCommand(context, options));
        Add(new TestImportCommand(context, options));
        Add(new TestHistoryCommand(context, options));
        Add(new TestCoverageCommand(context, options));
        Add(new TestFlakyCommand(context, options));
        Add(new TestGenerateCommand(context, options));
        Add(new TestSelectCommand(context, options));
        Add(new TestWatchCommand(context, options));
        Add(new TestNotifyCommand(context));
    }
}

/// <summary>The options every <c>lightning test</c> command shares.</summary>
internal sealed record TestCommandOptions(Option<string> Path, Option<string> Data);
