using System.CommandLine;
using System.Globalization;
using Lightning.Core.Workspaces;
using Lightning.Testing.History;
using Lightning.Testing.Selection;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test select [PATH]</c>: which tests the changes need (the working tree against HEAD, or <c>--base</c> to
/// <c>--head</c>), each with why, in safe or fast mode; <c>--run</c> runs them through the local runner (recorded in
/// history), <c>--build-map</c> first records per-test coverage (pytest, go test, Jest, PHPUnit, RSpec, JUnit 5, dotnet test projects).
/// </summary>
internal sealed class TestSelectCommand : TestLocalCommand
{
    readonly Argument<string?> _directory = new("PATH") { Description = "The repository [default: --path, else the current directory]", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string> _base = new("--base") { Description = "Select for the changes from this revision (commit, branch, tag) ...", HelpName = "REV" };
    readonly Option<string> _head = new("--head") { Description = "... to this one [default: HEAD]", HelpName = "REV" };
    readonly Option<bool> _workingTree = new("--working-tree") { Description = "Select for the uncommitted changes, staged, unstaged and untracked (the default)" };
    readonly Option<string> _mode = new("--mode") { Description = "safe: every test that could be affected; fast: ranked by proximity and failure history, cut at --confidence [default: safe]", HelpName = "safe|fast" };
    readonly Option<double?> _confidence = new("--confidence") { Description = "Fast mode keeps the tests holding this share of the estimated risk (0-1) [default: 0.9]", HelpName = "P" };
    readonly Option<bool> _run = new("--run") { Description = "Run the selected tests (the whole suite when the selection falls back to it), live, and record the run" };
    readonly Option<bool> _buildMap = new("--build-map") { Description = "First run the tests under per-test coverage (pytest, go test, Jest per file, PHPUnit, RSpec, JUnit 5, dotnet test per method) and store the maps selection uses" };

    public TestSelectCommand(CliContext context, TestCommandOptions options)
        : base("select", "Select the tests a change needs and say why each runs; --run runs them (runs locally; no server needed)", context, options, usesHistory: true)
    {
        Add(_directory);
        Add(_base);
        Add(_head);
        Add(_workingTree);
        Add(_mode);
        Add(_confidence);
        Add(_run);
        Add(_buildMap);
        _mode.AcceptOnlyFromAmong("safe", "fast");
        _confidence.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && (double.IsNaN(value) || value <= 0 || value > 1))
            {
                result.AddError("--confidence is a number above 0 and at most 1.");
            }
        });
    }

    protected override async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var directory = Directory(test, _directory);
        if (test.Value(_workingTree) && test.Value(_base) is not null)
        {
            throw new CliException(ExitCodes.Usage, "--working-tree and --base select different changes: give one of them.");
        }

        if (test.Value(_head) is not null && test.Value(_base) is null)
        {
            throw new CliException(ExitCodes.Usage, "--head needs --base: the changes are from --base to --head.");
        }

        var selection = test.Service<TestSelectionService>();
        if (test.Value(_buildMap))
        {
            foreach (var map in await selection.BuildMapsAsync(directory, TimeSpan.FromMinutes(30), cancellationToken))
            {
                await test.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Coverage map of '{map.Project}' ({map.Framework}) at {map.Commit?[..Math.Min(12, map.Commit.Length)] ?? "no commit"}{(map.Dirty ? " with uncommitted changes" : "")}: {map.Tests.Count} tests, {map.Files.Count} files."));
            }
        }

        var selected = await selection.SelectAsync(new SelectionRequest(directory)
        {
            Base = test.Value(_base),
            Head = test.Value(_head),
            Mode = test.Value(_mode) == "fast" ? SelectionMode.Fast : SelectionMode.Safe,
            Confidence = test.Value(_confidence) ?? SelectionRequest.DefaultConfidence,
            HistoryName = directory,
        }, cancellationToken);
        if (!test.Value(_run))
        {
            if (test.Json)
            {
                test.WriteJson(selected);
            }
            else
            {
                await TestSelectionText.WriteAsync(test.Output, selected);
            }

            return ExitCodes.Ok;
        }

        // The selection goes to stderr when running, so stdout holds the run summaries (or their JSON).
        await TestSelectionText.WriteAsync(test.Json ? test.Error : test.Output, selected);
        var starts = SelectionRunPlan.Plan(selected, new TestRunStart(new TestTarget(new Workspace(directory), ".", directory))
        {
            Trigger = TestRunTriggers.Cli,
            RequestedBy = Environment.UserName,
        });
        return await RunAsync(test, starts, cancellationToken);
    }

    /// <summary>The repository: the PATH argument, else <c>--path</c>, else the current directory.</summary>
    public static string Directory(TestInvocation test, Argument<string?> argument)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.Value(argument) is not { Length: > 0 } path)
        {
            return test.Directory;
        }

        var full = Path.GetFullPath(path);
        return System.IO.Directory.Exists(full) ? full : throw new CliException(ExitCodes.NotFound, $"'{full}' does not exist or is not a directory.");
    }

    /// <summary>Runs each start in turn, live on stderr, summaries on stdout; the exit code of the worst run (0 when there is none).</summary>
    public static async Task<int> RunAsync(TestInvocation test, IReadOnlyList<TestRunStart> starts, CancellationToken cancellationToken, bool summaries = true)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(starts);
        var runs = test.Service<TestRunService>();
        var exit = ExitCodes.Ok;
        var all = new List<TestRunDetails>();
        foreach (var start in starts)
        {
            var run = await runs.StartAsync(start, cancellationToken);
            var cancelled = await test.FollowRunAsync(runs, run.Id, cancellationToken);

            var details = await runs.Store.GetAsync(run.Id, outcome: null, CancellationToken.None) ?? throw TestHistoryStore.NotFound(run.Id);
            all.Add(details);
            if (summaries && !test.Json)
            {
                await TestText.WriteRunAsync(test.Output, details);
            }

            var code = TestText.ExitCode(details.Run.Status);
            exit = code == ExitCodes.Cancelled || exit == ExitCodes.Cancelled ? ExitCodes.Cancelled : Math.Max(exit, code);
            if (cancelled)
            {
                break;
            }
        }

        if (summaries && test.Json)
        {
            test.WriteJson(all);
        }

        return exit;
    }
}
