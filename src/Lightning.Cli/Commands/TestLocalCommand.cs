using System.CommandLine;
using Lightning.Core.Errors;
using Lightning.Core.Storage;
using Lightning.Testing.Housekeeping;
using Lightning.Testing.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Cli.Commands;

/// <summary>
/// A <c>lightning test</c> command that works in this process: resolves the directory (<c>--path</c>, else the
/// current one) and the data directory, builds the testing services, opens the history when the command records or
/// reads runs, and turns the module's <see cref="LightningException"/>s into one error line and the exit code of the
/// matching API status.
/// </summary>
internal abstract class TestLocalCommand : Command
{
    protected TestLocalCommand(string name, string description, CliContext context, TestCommandOptions options, bool usesHistory)
        : base(name, description)
    {
        SetAction((parseResult, cancellationToken) => RunLocallyAsync(context, options, parseResult, usesHistory, ExecuteAsync, cancellationToken));
    }

    protected abstract Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken);

    public static async Task<int> RunLocallyAsync(
        CliContext context, TestCommandOptions options, ParseResult parseResult, bool usesHistory,
        Func<TestInvocation, CancellationToken, Task<int>> execute, CancellationToken cancellationToken, string? directoryArgument = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(execute);
        try
        {
            var directory = Path.GetFullPath(directoryArgument is { Length: > 0 } named ? named
                : parseResult.GetValue(options.Path) is { Length: > 0 } path ? path : Environment.CurrentDirectory);
            if (!Directory.Exists(directory))
            {
                throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found", $"'{directory}' does not exist or is not a directory.");
            }

            var data = Path.GetFullPath(parseResult.GetValue(options.Data) ?? context.Console.GetVariable("LIGHTNING_DATA") ?? ".lightning");
            await using var services = TestingServices.Build(data, context.Console);
            if (usesHistory)
            {
                await DatabaseSetup.MigrateAsync(services.GetRequiredService<IDbContextFactory<TestingDbContext>>(), cancellationToken);
                await TestRunMarkers.RecoverStaleAsync(data, services.GetRequiredService<Lightning.Testing.History.TestHistoryStore>(), cancellationToken);
            }

            var exitCode = await execute(new TestInvocation(parseResult, directory, data, services, context.Console, context.IsJson(parseResult)), cancellationToken);
            // After the command, so a run just recorded counts towards MaxRunsPerRepository (the server prunes on a timer).
            if (usesHistory) await services.GetRequiredService<TestRunPruner>().PruneAsync(CancellationToken.None);
            return exitCode;
        }
        catch (LightningException ex)
        {
            throw new CliException(GitLocalCommand.ExitCodeFor(ex.Kind), ex.Message);
        }
        catch (OptionsValidationException ex)
        {
            throw new CliException(ExitCodes.InvalidRequest, $"invalid testing configuration: {ex.Message}");
        }
    }
}
