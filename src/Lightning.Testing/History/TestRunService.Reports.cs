using Lightning.Core.Errors;
using Lightning.Core.Ids;
using Lightning.Testing.Detection;
using Lightning.Testing.Persistence;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;

namespace Lightning.Testing.History;

public sealed partial class TestRunService
{
    /// <summary>
    /// Records a report produced elsewhere (a CI job's JUnit XML, TRX, TAP, go test -json or event stream) as a finished
    /// run, with the events a live run would have sent. A report that cannot be read throws
    /// <see cref="MalformedReportException"/> naming <paramref name="source"/> and the line, and nothing is recorded.
    /// </summary>
    public async Task<TestRunView> ImportAsync(Stream report, string source, TestRunImport import, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(import);
        var validator = new Validator();
        if (string.IsNullOrWhiteSpace(import.Repository) || import.Repository.Length > TestingDbContext.MaxRepository
            || import.Repository.Any(char.IsControl))
        {
            validator.Add("repository", $"Name the repository the report is about: 1 to {TestingDbContext.MaxRepository} printable characters.");
        }

        if (import.CommitSha is { } sha && (sha.Length is < 4 or > 64 || !sha.All(char.IsAsciiHexDigit)))
        {
            validator.Add("commit", "A commit is 4 to 64 hexadecimal digits.");
        }

        validator.ThrowIfInvalid();
        var framework = Blank(import.Framework) is { } name ? TestFrameworks.NameOf(TestFrameworks.Parse(name)) : null;
        var run = import.Format is { } format
            ? await reports.ReadAsAsync(report, source, format, cancellationToken)
            : await reports.ReadAsync(report, source, cancellationToken);
        framework ??= FrameworkOf(run.Framework);

        var now = timeProvider.GetUtcNow();
        var entity = new TestRunEntity
        {
            Id = LightningId.New("trun"),
            Repository = import.Repository.Trim(),
            Project = TestingDbContext.Fit(Blank(import.Project), TestingDbContext.MaxRepository),
            Framework = framework,
            Trigger = import.Trigger,
            RequestedBy = TestingDbContext.Fit(import.RequestedBy, 64)!,
            CommitSha = Blank(import.CommitSha)?.ToLowerInvariant(),
            Branch = TestingDbContext.Fit(Blank(import.Branch), 255),
            Status = TestRunStatus.Running,
            CreatedAt = now,
            StartedAt = run.StartedAt ?? now,
        };
        await store.CreateAsync(entity, cancellationToken);

        var root = Blank(import.Project) ?? ".";
        var project = new TestRunProjectResult(root, framework, Path.GetFileName(source), null, null, false, null, run);
        var quarantined = await quarantine.ActiveIdsAsync(entity.Repository, cancellationToken);
        var (status, error) = Conclude([project], quarantined);
        var sequence = 0L;
        var events = new List<TestRunEvent>
        {
            new(entity.Id, ++sequence, TestRunEventTypes.Queued, now, null, Json(TestRunView.From(entity))),
        };
        foreach (var testEvent in TestEvents.From(run))
        {
            var data = Json<TestEvent>(testEvent);
            events.Add(new TestRunEvent(entity.Id, ++sequence, data.GetProperty("type").GetString()!, testEvent.At ?? now, root, data));
        }

        var view = await store.CompleteAsync(entity.Id, status, run.FinishedAt ?? now, error, [project], cancellationToken, quarantined);
        events.Add(new TestRunEvent(entity.Id, ++sequence, TestRunEventTypes.Finished, view.FinishedAt ?? now, null, Json(view)));
        await store.AppendEventsAsync(events, cancellationToken);
        // Recorded whole at once: the live list sees it once, finished.
        changes.Publish(new TestRunChange(TestRunChangeTypes.Finished, timeProvider.GetUtcNow(), view.Id, view, framework is null ? [] : [framework]));
        Log.RunImported(logger, entity.Id, entity.Repository, source, view.Totals.Total);
        await NotifyObserversAsync(view, [project]);
        return view;
    }

    /// <summary>
    /// Writes a finished run's full results in a report format: JUnit XML, TRX or the JSON event stream. A run of
    /// several projects becomes one report with every project's suites.
    /// </summary>
    public async Task ExportAsync(string id, TestReportFormat format, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var run = await MergedRunAsync(id, cancellationToken);
        await WriteAsync(run, format, output, cancellationToken);
    }

    /// <summary>Writes results in a report format (the exporters of <see cref="Results"/>).</summary>
    public Task WriteAsync(TestRun run, TestReportFormat format, Stream output, CancellationToken cancellationToken)
    {
        var writer = writers.FirstOrDefault(w => w.Format == format)
            ?? throw new LightningException(ErrorKind.Invalid, "testing.export_format_unknown", $"Runs cannot be exported as {format}.");
        return writer.WriteAsync(run, output, cancellationToken);
    }

    /// <summary>An export format as users name it: <c>junit</c> (or <c>xml</c>), <c>trx</c>, <c>json</c> (or <c>jsonl</c>, <c>events</c>); JUnit XML when absent.</summary>
    public static TestReportFormat ExportFormat(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "junit" or "junit-xml" or "xml" => TestReportFormat.JUnitXml,
        "trx" => TestReportFormat.Trx,
        "json" or "jsonl" or "events" => TestReportFormat.EventStream,
        _ => throw new ValidationFailedException(new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["format"] = [$"Unknown export format '{name}': use junit, trx or json."],
        }),
    };

    /// <summary>The file extension of an export format (<c>.xml</c>, <c>.trx</c>, <c>.jsonl</c>).</summary>
    public string ExtensionOf(TestReportFormat format) =>
        writers.FirstOrDefault(w => w.Format == format)?.FileExtension ?? ".txt";

    /// <summary>A finished run's results as one <see cref="TestRun"/>.</summary>
    public async Task<TestRun> MergedRunAsync(string id, CancellationToken cancellationToken)
    {
        var projects = await store.ReadResultsAsync(id, cancellationToken);
        if (projects is null)
        {
            var run = await store.FindAsync(id, cancellationToken) ?? throw TestHistoryStore.NotFound(id);
            throw new LightningException(ErrorKind.Conflict, "testing.run_not_finished",
                $"Test run '{id}' is {run.Status.ToName()}: its results can be exported once it has finished.");
        }

        return Merge(projects);
    }

    internal static TestRun Merge(IReadOnlyList<TestRunProjectResult> projects)
    {
        if (projects.Count == 1)
        {
            return projects[0].Run;
        }

        var runs = projects.Select(p => p.Run).ToList();
        var frameworks = runs.Select(r => r.Framework).Distinct(StringComparer.Ordinal).ToList();
        var starts = runs.Where(r => r.StartedAt is not null).Select(r => r.StartedAt!.Value).ToList();
        var ends = runs.Where(r => r.FinishedAt is not null).Select(r => r.FinishedAt!.Value).ToList();
        return new TestRun
        {
            Name = runs.Select(r => r.Name).FirstOrDefault(name => name is not null),
            Framework = frameworks.Count == 1 ? frameworks[0] : null,
            StartedAt = starts.Count > 0 ? starts.Min() : null,
            FinishedAt = ends.Count > 0 ? ends.Max() : null,
            Duration = runs.All(r => r.Duration is not null) ? runs.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration!.Value) : null,
            Suites = [.. runs.SelectMany(r => r.Suites)],
            Stdout = Join(runs.Select(r => r.Stdout)),
            Stderr = Join(runs.Select(r => r.Stderr)),
            Messages = [.. runs.SelectMany(r => r.Messages)],
            Properties = [.. runs.SelectMany(r => r.Properties)],
        };
    }

    static string? Join(IEnumerable<string?> parts)
    {
        var present = parts.OfType<string>().ToList();
        return present.Count == 0 ? null : string.Concat(present);
    }

    /// <summary>The platform's name for the framework a report says it came from (<c>go</c> is <c>go-test</c>), or what it says.</summary>
    static string FrameworkOf(string? reported)
    {
        if (string.IsNullOrWhiteSpace(reported))
        {
            return "unknown";
        }

        try
        {
            return TestFrameworks.NameOf(TestFrameworks.Parse(reported));
        }
        catch (LightningException)
        {
            return reported;
        }
    }
}
