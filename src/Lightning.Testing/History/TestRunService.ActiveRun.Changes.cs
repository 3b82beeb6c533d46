using Lightning.Testing.Results;
using Lightning.Testing.Results.Events;

namespace Lightning.Testing.History;

public sealed partial class TestRunService
{
    /// <summary>What the server-wide runs list sees of a run: its state changes and its live counts, throttled.</summary>
    sealed partial class ActiveRun
    {
        /// <summary>At most four progress changes a second per run: a list row needs no more, and a big run sends thousands of cases.</summary>
        static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

        readonly Lock _changeGate = new();
        readonly Dictionary<(string Project, string Case), TestOutcome> _outcomes = [];
        readonly HashSet<string> _frameworks = new(StringComparer.Ordinal);
        TestRunView _view = view;
        int _passed, _failed, _errored, _skipped, _flaky;
        long _lastProgress = long.MinValue / 2;
        bool _progressDue;
        bool _final;

        /// <summary>
        /// Announces a state change (created, started) with the run as it now is; a null <paramref name="type"/> only
        /// records frameworks (the detected projects') for filters.
        /// </summary>
        public void Announce(string? type, Func<TestRunView, TestRunView> change, IEnumerable<string?>? frameworks = null)
        {
            lock (_changeGate)
            {
                if (_final)
                {
                    return;
                }

                _view = change(_view);
                Remember(frameworks);
                if (type is not null)
                {
                    Send(type, _view);
                }
            }
        }

        /// <summary>
        /// Tells the runs list at once that someone asked to cancel (the run keeps who and when in the changes after
        /// it), rather than only when the run is recorded as cancelled, which waits for its processes to stop.
        /// </summary>
        public void AnnounceCancelRequested(string requestedBy, DateTimeOffset at) =>
            Announce(TestRunChangeTypes.CancelRequested, run => run with { CancelRequestedBy = requestedBy, CancelRequestedAt = at });

        /// <summary>The run's last change, once it is recorded; nothing of this run is announced after it.</summary>
        public void AnnounceFinal(TestRunView recorded, IEnumerable<string?> frameworks)
        {
            lock (_changeGate)
            {
                _final = true;
                _view = recorded;
                Remember(frameworks);
                Send(recorded.Status == TestRunStatus.Cancelled ? TestRunChangeTypes.Cancelled : TestRunChangeTypes.Finished, recorded);
            }
        }

        /// <summary>Announces the live counts when some changed and the last announcement is old enough (or <paramref name="force"/>).</summary>
        public void AnnounceProgress(bool force)
        {
            lock (_changeGate)
            {
                var now = timeProvider.GetTimestamp();
                if (_final || !_progressDue || (!force && timeProvider.GetElapsedTime(_lastProgress, now) < ProgressInterval))
                {
                    return;
                }

                _progressDue = false;
                _lastProgress = now;
                var total = _passed + _failed + _errored + _skipped + _flaky;
                _view = _view with { Totals = new TestTotals(total, _passed, _failed, _errored, _skipped, _flaky, 0, TimeSpan.Zero) };
                Send(TestRunChangeTypes.Progress, _view);
            }
        }

        /// <summary>A retried case finishes more than once: its last outcome counts, once.</summary>
        void Count(string project, CaseFinishedEvent finished)
        {
            lock (_changeGate)
            {
                var key = (project, finished.CaseKey);
                if (_outcomes.TryGetValue(key, out var before))
                {
                    Tally(before, -1);
                }

                _outcomes[key] = finished.Outcome;
                Tally(finished.Outcome, 1);
                _progressDue = true;
            }

            AnnounceProgress(force: false);
        }

        void Tally(TestOutcome outcome, int by)
        {
            switch (outcome)
            {
                case TestOutcome.Passed: _passed += by; break;
                case TestOutcome.Failed: _failed += by; break;
                case TestOutcome.Errored: _errored += by; break;
                case TestOutcome.Skipped: _skipped += by; break;
                case TestOutcome.Flaky: _flaky += by; break;
                default: break;
            }
        }

        void Remember(IEnumerable<string?>? frameworks)
        {
            foreach (var framework in frameworks ?? [])
            {
                if (framework is not null)
                {
                    _frameworks.Add(framework);
                }
            }
        }

        void Send(string type, TestRunView run) =>
            changes.Publish(new TestRunChange(type, timeProvider.GetUtcNow(), run.Id, run, [.. _frameworks]));
    }
}
