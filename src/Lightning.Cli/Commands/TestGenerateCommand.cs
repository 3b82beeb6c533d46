using System.CommandLine;
using System.Globalization;
using Lightning.Cli.Api;
using Lightning.Cli.Output;
using Lightning.Core.Errors;
using Lightning.Core.Workspaces;
using Lightning.Server.Endpoints.Testing;
using Lightning.Testing.Generation;
using Lightning.Testing.Persistence;

namespace Lightning.Cli.Commands;

/// <summary>
/// <c>test generate [PATH]</c>: generates tests for the project in this process, keeps those that compile, pass 5 runs
/// out of 5 and add coverage, prints the report (every candidate, and why each rejected one was rejected), and writes
/// the kept tests into the project only with <c>--write</c>. Ctrl+C stops it (its processes are killed), prints what was
/// judged until then and exits 130, writing nothing. With <c>--server</c> (and <c>--repository</c>) the batch runs on
/// that server and is followed until generated; Ctrl+C calls its cancel route; <c>--write</c> accepts the kept tests
/// there.
/// </summary>
internal sealed class TestGenerateCommand : TestLocalCommand
{
    readonly Argument<string> _directory = new("PATH") { Description = "The project to generate tests for, or one of its source files [default: --path, else the current directory]", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string> _file = new("--file") { Description = "Only this source file, relative to the project", HelpName = "FILE" };
    readonly Option<string> _language = new("--language") { Description = "python, javascript, typescript, go or csharp, when the file or project does not tell", HelpName = "NAME" };
    readonly Option<int?> _max = NumberOption.Create("--max", "Candidates to try [default: 20]", "N", 1, 500);
    readonly Option<bool> _write = new("--write") { Description = "Write the kept tests into the project (new files only; nothing is written without it)" };
    readonly Option<bool> _noModel = new("--no-model") { Description = "Characterisation tests only, even when a chat model is configured (LIGHTNING_LLM_*)" };
    readonly Option<string> _repository = new("--repository") { Description = "With --server: the registered repository to generate for (admins may give a workspace path instead)", HelpName = "NAME" };
    readonly CliContext _context;
    readonly TestCommandOptions _options;

    /// <summary>How often <c>--server</c> reads the batch while it is queued or generating.</summary>
    static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public TestGenerateCommand(CliContext context, TestCommandOptions options)
        : base("generate", "Generate tests (Python, JavaScript/TypeScript, Go, C#) that compile, pass 5 runs out of 5 and add coverage (runs locally; no server needed; --server generates on a server)",
            context, options, usesHistory: false)
    {
        _context = context;
        _options = options;
        Add(_directory);
        Add(_file);
        Add(_language);
        Add(_max);
        Add(_write);
        Add(_noModel);
        Add(_repository);
        Validators.Add(result =>
        {
            var server = result.GetResult(context.Options.Server) is not null;
            if (server && result.GetValue(_repository) is null)
            {
                result.AddError("--server generates for a repository the server knows: name it with --repository.");
            }

            if (server && result.GetValue(_directory) is not null)
            {
                result.AddError("With --server, name the file with --file (relative to the repository), not as PATH.");
            }

            if (!server && result.GetValue(_repository) is not null)
            {
                result.AddError("--repository names a repository on a server: add --server, or use --path for a local directory.");
            }
        });
        SetAction(async (parseResult, cancellationToken) => parseResult.GetResult(context.Options.Server) is null
            ? await RunLocallyAsync(context, options, parseResult, usesHistory: false, ExecuteAsync, cancellationToken)
            : await RunOnServerAsync(parseResult, cancellationToken));
    }

    /// <summary>
    /// Starts a batch on the server and follows it until it is generated; Ctrl+C cancels it there (its processes are
    /// killed) and exits 130 after showing what was judged. <c>--write</c> accepts every kept test on the server.
    /// </summary>
    async Task<int> RunOnServerAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        using var client = _context.CreateClient(parseResult);
        var console = _context.Console;
        var batch = (await client.StartGenerationAsync(new GenerateTestsRequest(
            parseResult.GetValue(_repository),
            Path: parseResult.GetValue(_options.Path),
            File: parseResult.GetValue(_file),
            Language: parseResult.GetValue(_language),
            Max: parseResult.GetValue(_max),
            UseModel: parseResult.GetValue(_noModel) ? false : null), cancellationToken)).Value;
        await console.Error.WriteLineAsync($"Started {batch.Id} on {client.Server}.");
        var cancelled = false;
        try
        {
            while (batch.Status is GenerationBatchStatus.Queued or GenerationBatchStatus.Running)
            {
                await Task.Delay(Poll, cancellationToken);
                batch = (await client.GetGenerationAsync(batch.Id, cancellationToken)).Value;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            cancelled = true;
            await console.Error.WriteLineAsync($"Cancelling {batch.Id}…");
            try
            {
                // Answered once the batch's work has stopped, with what it became.
                batch = (await client.CancelGenerationAsync(batch.Id, CancellationToken.None)).Value;
            }
            catch (LightningApiException ex) when (ex.Status == System.Net.HttpStatusCode.Conflict)
            {
                // It finished as Ctrl+C came: show it as it ended.
                batch = (await client.GetGenerationAsync(batch.Id, CancellationToken.None)).Value;
            }
        }

        if (!cancelled && parseResult.GetValue(_write) && batch.Status == GenerationBatchStatus.Ready
            && batch.Report?.Candidates.Any(c => c.Status == CandidateStatus.Kept) == true)
        {
            batch = (await client.AcceptGenerationAsync(batch.Id, CancellationToken.None)).Value;
        }

        if (_context.IsJson(parseResult))
        {
            JsonOutput.Write(console.Output, System.Text.Json.JsonSerializer.SerializeToNode(batch, Lightning.Core.Serialization.LightningJson.Options));
        }
        else if (batch.Report is { } report)
        {
            await WriteTextAsync(console.Output, console.Error, report, batch.Written);
        }

        if (batch.Status == GenerationBatchStatus.Failed)
        {
            throw new CliException(ExitCodes.Failure, batch.Error ?? $"Test generation {batch.Id} failed.");
        }

        if (batch.Status == GenerationBatchStatus.Cancelled)
        {
            await console.Error.WriteLineAsync(batch.Error ?? "Cancelled.");
            return ExitCodes.Cancelled;
        }

        return ExitCodes.Ok;
    }

    protected override async Task<int> ExecuteAsync(TestInvocation test, CancellationToken cancellationToken)
    {
        var directory = test.Directory;
        var file = test.ParseResult.GetValue(_file);
        if (test.ParseResult.GetValue(_directory) is { Length: > 0 } given)
        {
            var full = Path.GetFullPath(given, test.Directory);
            // `generate src/calc.py` names a source file of the project in --path (the current directory by default).
            (directory, file) = file is null && File.Exists(full) ? (test.Directory, Path.GetRelativePath(test.Directory, full)) : (full, file);
        }

        if (!Directory.Exists(directory))
        {
            throw new LightningException(ErrorKind.NotFound, "testing.repository_not_found", $"'{directory}' does not exist or is not a directory.");
        }

        var workspace = new Workspace(directory);
        var progress = new GenerationProgress();
        GenerationReport report;
        try
        {
            report = await test.Service<TestGenerator>().GenerateAsync(new TestGenerationRequest
            {
                Workspace = workspace,
                Repository = ".",
                File = file,
                Language = test.ParseResult.GetValue(_language),
                Max = test.ParseResult.GetValue(_max),
                UseModel = !test.ParseResult.GetValue(_noModel),
                Progress = progress,
            }, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the helper and test processes were killed with their trees; show what was judged until then.
            // Nothing is written: writing comes only after a finished generation.
            if (progress.CancelledReport($"Cancelled (Ctrl+C) at {DateTimeOffset.UtcNow:u}: candidates not yet judged are left pending; nothing was written.") is { } partial)
            {
                await WriteAsync(test, partial, []);
            }

            await test.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }

        var kept = report.Candidates.Where(c => c.Status == CandidateStatus.Kept).ToList();
        IReadOnlyList<string> written = [];
        if (test.ParseResult.GetValue(_write) && kept.Count > 0)
        {
            written = await TestGenerationWriter.WriteAsync(workspace, ".", report.Language, kept, cancellationToken);
        }

        await WriteAsync(test, report, written);
        return ExitCodes.Ok;
    }

    static async Task WriteAsync(TestInvocation test, GenerationReport report, IReadOnlyList<string> written)
    {
        if (test.Json)
        {
            test.WriteJson(new { report, written });
            return;
        }

        await WriteTextAsync(test.Output, test.Error, report, written);
    }

    /// <summary>The report as a table and summary lines; notes go to standard error.</summary>
    static async Task WriteTextAsync(TextWriter output, TextWriter error, GenerationReport report, IReadOnlyList<string> written)
    {
        // Accepted on a server (--server --write) counts as kept: the report then says accepted.
        var kept = report.Candidates.Where(c => c.Status is CandidateStatus.Kept or CandidateStatus.Accepted).ToList();
        var table = new TextTable("ID", "STATUS", "TEST", "TARGET", "WHY");
        foreach (var candidate in report.Candidates)
        {
            var why = candidate.Status is CandidateStatus.Kept or CandidateStatus.Accepted
                ? $"adds lines {Lines(candidate.AddedLines)}{(candidate.AddedBranches > 0 ? $" and {candidate.AddedBranches} branches" : string.Empty)}"
                : candidate.Reason ?? Formats.None;
            table.Add(candidate.Id, Status(candidate.Status), candidate.Name, candidate.Target, why);
        }

        table.Write(output);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{report.Tried} candidates ({report.Framework}{(report.ModelUsed ? ", with the model" : string.Empty)}): {report.Compiled} compiled, {report.PassedRuns} passed 5 runs out of 5, {report.AddedCoverage} added coverage."));
        // A cancelled generation never measured coverage (it comes last): no figures rather than zeros.
        if (!report.Cancelled)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Lines of {string.Join(", ", report.Targets)} covered: {report.CoveredBefore} by the existing tests, {report.CoveredAfter} with the kept tests, of {report.CoverableLines}."));
        }

        foreach (var note in report.Notes)
        {
            await error.WriteLineAsync($"note: {note}");
        }

        if (written.Count > 0)
        {
            await output.WriteLineAsync($"Wrote {kept.Count} tests to {string.Join(", ", written)}.");
        }
        else if (kept.Count > 0)
        {
            await output.WriteLineAsync($"Nothing written: run again with --write to add the {kept.Count} kept tests to {string.Join(", ", report.TestFiles)}.");
        }
    }

    static string Status(CandidateStatus status) => status switch
    {
        CandidateStatus.Kept => "kept",
        CandidateStatus.FailedToCompile => "does not compile",
        CandidateStatus.FailedRuns => "fails",
        CandidateStatus.NoCoverageGain => "no new coverage",
        CandidateStatus.Pending => "not judged",
        _ => status.ToString().ToLowerInvariant(),
    };

    static string Lines(IReadOnlyList<int> lines) => lines.Count == 0 ? "none" : string.Join(',', lines.Take(8)) + (lines.Count > 8 ? ",..." : string.Empty);
}
