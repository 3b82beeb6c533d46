using System.CommandLine;
using Lightning.Testing.History;

namespace Lightning.Cli.Commands;

/// <summary>One run of a <see cref="TestLocalCommand"/>: the directory of tests, the data directory and the services.</summary>
internal sealed record TestInvocation(ParseResult ParseResult, string Directory, string DataDirectory, IServiceProvider Services, CliConsole Console, bool Json)
    : LocalInvocation(ParseResult, Services, Console, Json)
{
    /// <summary>
    /// Shows a started run's progress until it is recorded, marking it as this process's (so a kill leaves it
    /// recoverable); on Ctrl+C it cancels the run (process trees killed) and returns true once that is recorded.
    /// </summary>
    public async Task<bool> FollowRunAsync(TestRunService runs, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        using var marker = TestRunMarkers.Write(DataDirectory, runId);
        var progress = new TestProgress(Error, TestProgress.IsTerminal(Console));
        try
        {
            await foreach (var runEvent in runs.WatchAsync(runId, 0, cancellationToken))
            {
                await progress.OnEventAsync(runEvent);
            }

            return false;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await runs.CancelAsync(runId, Environment.UserName, CancellationToken.None);
            return true;
        }
    }
}
