using System.Diagnostics;
using System.Text.Json;
using Lightning.Core.Serialization;
using Lightning.Testing.Detection;
using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.History;

public sealed partial class TestRunService
{
    /// <summary>
    /// A run between its acceptance and its record: numbers and fans out its events (live first), appends them to the
    /// store in batches, and assembles each project's results from the events so a cancelled or crashed run still
    /// records what it got through.
    /// </summary>
    sealed partial class ActiveRun(
        TestHistoryStore store, TimeProvider timeProvider, TestRunOptions settings, ILogger logger, TestRunLiveStreams.LiveRun live, CancellationTokenSource cancel,
        TestRunChanges changes, TestRunView view)
        : IDisposable
    {
        const int FlushEvery = 256;
        static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

        readonly SemaphoreSlim _gate = new(1, 1);
        readonly List<TestRunEvent> _pending = [];
        readonly List<Assembly> _assemblies = [];
        readonly Stopwatch _sinceFlush = Stopwatch.StartNew();
        readonly PeriodicTimer _flushTimer = new(FlushInterval);
        Task? _flushLoop;
        int _testEvents;
        bool _dropping;
        int _cancelRequested;

        public string RunId => live.RunId;

        public TestRunLiveStreams.LiveRun Live => live;

        public CancellationTokenSource Cancel => cancel;

        public Task? Task { get; set; }

        public IReadOnlyList<DetectedTestProject> Detected { get; set; } = [];

        public string? CancelledBy { get; private set; }

        public DateTimeOffset? CancelRequestedAt { get; private set; }

        /// <summary>True the first time; a second cancel waits for the first.</summary>
        public bool RequestCancel(string requestedBy, DateTimeOffset at)
        {
            if (Interlocked.Exchange(ref _cancelRequested, 1) == 1)
            {
                return false;
            }

            CancelledBy = requestedBy;
            CancelRequestedAt = at;
            return true;
        }

        public Task PublishAsync<T>(string type, DateTimeOffset at, string? project, T data) => PublishJsonAsync(type, at, project, Json(data));

        public async Task PublishJsonAsync(string type, DateTimeOffset at, string? project, JsonElement? data)
        {
            await _gate.WaitAsync(CancellationToken.None);
            try
            {
                _pending.Add(live.Publish(type, at, project, data));
                if (_pending.Count >= FlushEvery || _sinceFlush.Elapsed >= FlushInterval)
                {
                    await FlushCoreAsync(CancellationToken.None);
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>The runner's callback: one test event of the project at <paramref name="project"/>.</summary>
        public async ValueTask OnTestEventAsync(string project, TestEvent testEvent)
        {
            Assemble(project, testEvent);
            if (testEvent is CaseFinishedEvent finished)
            {
                Count(project, finished);
            }
            if (testEvent is OutputEvent output)
            {
                if (_testEvents >= settings.MaxEventsPerRun)
                {
                    if (!_dropping)
                    {
                        _dropping = true;
                        await PublishAsync(TestRunEventTypes.EventsDropped, timeProvider.GetUtcNow(), project, new { limit = settings.MaxEventsPerRun });
                    }

                    return;
                }

                if (output.Text.Length > settings.MaxEventOutputChars)
                {
                    testEvent = output with
                    {
                        Text = string.Concat(output.Text.AsSpan(0, settings.MaxEventOutputChars),
                            $"\n… ({output.Text.Length - settings.MaxEventOutputChars} more characters in the run's results)\n"),
                    };
                }
            }

            _testEvents++;
            var data = JsonSerializer.SerializeToElement(testEvent, LightningJson.Options);
            var type = data.TryGetProperty("type", out var name) ? name.GetString() ?? "test-event" : "test-event";
            await PublishJsonAsync(type, testEvent.At ?? timeProvider.GetUtcNow(), project, data);
        }

        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                await FlushCoreAsync(cancellationToken);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>What each project got through before the run stopped, from its events; its error says it did not finish.</summary>
        public List<TestRunProjectResult> PartialResults()
        {
            var results = new List<TestRunProjectResult>();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var assembly in _assemblies)
            {
                var index = seen[assembly.Root] = seen.GetValueOrDefault(assembly.Root) + 1;
                var detected = Detected.Where(p => string.Equals(p.Root, assembly.Root, StringComparison.Ordinal)).Skip(index - 1).FirstOrDefault();
                var run = assembly.Builder.Build();
                results.Add(new TestRunProjectResult(assembly.Root,
                    detected is null ? run.Framework ?? "unknown" : TestFrameworks.NameOf(detected.Framework),
                    detected?.Name ?? run.Framework ?? "unknown", detected?.Variant, null, false,
                    assembly.Finished ? null : "Did not finish: these are the results reported before the run stopped.", run));
            }

            return results;
        }

        async Task FlushCoreAsync(CancellationToken cancellationToken)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            try
            {
                await store.AppendEventsAsync(_pending.ToArray(), cancellationToken);
                _pending.Clear();
                _sinceFlush.Restart();
            }
#pragma warning disable CA1031 // Kept for the next flush: the live stream goes on while the database is away.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                Log.EventsNotStored(logger, ex, RunId, _pending.Count);
            }
        }

        /// <summary>
        /// Flushes on a timer too: a test that runs for minutes after its case-started event must not keep that event
        /// from readers of the store (another process, the history page) until the next event comes.
        /// </summary>
        public void StartFlushing() => _flushLoop = Task.Run(async () =>
        {
            while (await _flushTimer.WaitForNextTickAsync().ConfigureAwait(false))
            {
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
                // The last counts held back by the throttle go out here, so a quiet run's list row is never stale for long.
                AnnounceProgress(force: true);
            }
        });

        public void Dispose()
        {
            _flushTimer.Dispose();
            _flushLoop?.Wait(TimeSpan.FromSeconds(5));
            _gate.Dispose();
            cancel.Dispose();
        }

        void Assemble(string project, TestEvent testEvent)
        {
            var current = _assemblies.LastOrDefault(a => string.Equals(a.Root, project, StringComparison.Ordinal));
            if (testEvent is RunStartedEvent || current is null || current.Finished)
            {
                current = new Assembly(project, new TestRunAssembler());
                _assemblies.Add(current);
            }

            try
            {
                current.Builder.Apply(testEvent);
                current.Finished |= testEvent is RunFinishedEvent;
            }
            catch (InvalidDataException)
            {
                // An event out of order only loses it from the partial results; the runner's report is the source of truth.
            }
        }

        sealed class Assembly(string root, TestRunAssembler builder)
        {
            public string Root { get; } = root;

            public TestRunAssembler Builder { get; } = builder;

            public bool Finished { get; set; }
        }
    }
}
