using System.CommandLine;
using Lightning.Cli.Output;
using Lightning.Core.Serialization;
using Lightning.Testing.History;
using Lightning.Testing.Results;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test import FILE</c>: records a report made elsewhere (JUnit XML, TRX, TAP, <c>go test -json</c> or the JSON event
/// stream; the format is read from the file) as a run: in the data directory's history, or on a server with
/// <c>--server</c>. A malformed report is refused with its file and line, and nothing is recorded.
/// </summary>
internal sealed class TestImportCommand : Command
{
    readonly Argument<string> _file = new("FILE") { Description = "The report: JUnit XML, TRX, TAP, go test -json or the JSON event stream" };
    readonly Option<string> _repository = new("--repository") { Description = "The repository the report is about [default: the directory's full path locally; required with --server]", HelpName = "NAME" };
    readonly Option<string> _framework = new("--framework") { Description = "The framework, when the report does not say (pytest, jest, ...)", HelpName = "NAME" };
    readonly Option<string> _project = new("--project") { Description = "The project's root in the repository", HelpName = "ROOT" };
    readonly Option<string> _commit = new("--commit") { Description = "The commit that was tested", HelpName = "SHA" };
    readonly Option<string> _branch = new("--branch") { Description = "The branch that was tested", HelpName = "NAME" };
    readonly Option<string> _format = new("--format")
    {
        Description = "The report's format, checked against the file [default: read from the file]",
        HelpName = "junit|trx|tap|go-json|events",
    };
    readonly CliContext _context;

    public TestImportCommand(CliContext context, TestCommandOptions options)
        : base("import", "Record a report made elsewhere (JUnit XML, TRX, TAP, go test -json) as a run (locally, or on a server with --server)")
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        Add(_file);
        Add(_repository);
        Add(_framework);
        Add(_project);
        Add(_commit);
        Add(_branch);
        _format.AcceptOnlyFromAmong("junit", "trx", "tap", "go-json", "events");
        Add(_format);
        Validators.Add(result =>
        {
            if (result.GetResult(context.Options.Server) is not null && result.GetValue(_repository) is null)
            {
                result.AddError("--server records the report under a repository name: give it with --repository.");
            }
        });
        SetAction(async (parseResult, cancellationToken) =>
        {
            var file = Path.GetFullPath(parseResult.GetValue(_file)!);
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.NotFound, $"No report file '{file}'.");
            }

            if (parseResult.GetResult(context.Options.Server) is null)
            {
                return await TestLocalCommand.RunLocallyAsync(context, options, parseResult, usesHistory: true, async (test, token) =>
                {
                    var runs = test.Service<TestRunService>();
                    await using var report = File.OpenRead(file);
                    var run = await runs.ImportAsync(report, Path.GetFileName(file), Import(parseResult, parseResult.GetValue(_repository) ?? test.Directory), token);
                    return await ShowAsync(parseResult, await runs.Store.GetAsync(run.Id, outcome: null, token) ?? throw TestHistoryStore.NotFound(run.Id));
                }, cancellationToken);
            }

            using var client = context.CreateClient(parseResult);
            await using var upload = File.OpenRead(file);
            var imported = await client.ImportTestRunAsync(upload, Path.GetFileName(file), Import(parseResult, parseResult.GetValue(_repository)!), cancellationToken);
            return await ShowAsync(parseResult, (await client.GetTestRunAsync(imported.Value.Id, cancellationToken)).Value);
        });
    }

    TestRunImport Import(ParseResult parseResult, string repository) => new(repository)
    {
        Framework = parseResult.GetValue(_framework),
        Project = parseResult.GetValue(_project),
        CommitSha = parseResult.GetValue(_commit),
        Branch = parseResult.GetValue(_branch),
        Format = TestReportFormats.ParseImport(parseResult.GetValue(_format)),
        Trigger = TestRunTriggers.Import,
        RequestedBy = Environment.UserName,
    };

    /// <summary>The recorded run; the exit code says the import worked (0), whatever the tests' outcome.</summary>
    async Task<int> ShowAsync(ParseResult parseResult, TestRunDetails details)
    {
        var console = _context.Console;
        if (_context.IsJson(parseResult))
        {
            JsonOutput.Write(console.Output, System.Text.Json.JsonSerializer.SerializeToNode(details, LightningJson.Options));
        }
        else
        {
            await console.Error.WriteLineAsync($"Recorded {details.Run.Id} from {parseResult.GetValue(_file)}.");
            await TestText.WriteRunAsync(console.Output, details);
        }

        return ExitCodes.Ok;
    }
}
