using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lightning.Core.Diagnostics;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>
/// Collects the engine's own instruments on the "Lightning" meter: every measurement of the
/// <c>lightning.collaboration.ready_to_start</c> histogram, and the <c>lightning.collaboration.subtasks.finished</c>
/// counter (with the moment of the first and of the <see cref="Expected"/>-th finished subtask).
/// The callbacks run on the engine's loop, so they only store.
/// </summary>
internal sealed class EngineMetricsListener : IDisposable
{
    public const string ReadyToStartName = "lightning.collaboration.ready_to_start";
    public const string FinishedName = "lightning.collaboration.subtasks.finished";

    readonly MeterListener _listener = new();
    readonly Lock _gate = new();
    readonly TaskCompletionSource _allFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _firstFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly List<double> _readyToStart;
    long _finished;
    long _failed;

    public EngineMetricsListener(long expected, int capacity = 1024)
    {
        Expected = expected;
        _readyToStart = new List<double>(capacity);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == LightningTelemetry.Name && instrument.Name is ReadyToStartName or FinishedName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == ReadyToStartName)
            {
                lock (_gate)
                {
                    _readyToStart.Add(value);
                }
            }
        });
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name != FinishedName)
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "outcome" && tag.Value is string outcome && outcome != "succeeded")
                {
                    Interlocked.Add(ref _failed, value);
                }
            }

            var total = Interlocked.Add(ref _finished, value);
            if (total == value)
            {
                FirstFinishedAt = Stopwatch.GetTimestamp();
                _firstFinished.TrySetResult();
            }

            if (total >= Expected && LastFinishedAt == 0)
            {
                LastFinishedAt = Stopwatch.GetTimestamp();
                _allFinished.TrySetResult();
            }
        });
        _listener.Start();
    }

    public long Expected { get; }

    public long Finished => Interlocked.Read(ref _finished);

    public long Failed => Interlocked.Read(ref _failed);

    public long FirstFinishedAt { get; private set; }

    public long LastFinishedAt { get; private set; }

    public Task FirstFinished => _firstFinished.Task;

    public Task AllFinished => _allFinished.Task;

    /// <summary>The ready-to-start samples so far, in ms, ascending.</summary>
    public double[] ReadyToStartSorted()
    {
        double[] copy;
        lock (_gate)
        {
            copy = [.. _readyToStart];
        }

        Array.Sort(copy);
        return copy;
    }

    public int ReadyToStartCount
    {
        get
        {
            lock (_gate)
            {
                return _readyToStart.Count;
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
