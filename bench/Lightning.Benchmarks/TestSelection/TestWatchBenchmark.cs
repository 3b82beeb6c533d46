using System.Diagnostics;
using Lightning.Testing.Results.Events;
using Lightning.Testing.Runners;
using Lightning.Testing.Selection;
using Lightning.Testing.Selection.Watch;
using Microsoft.Extensions.DependencyInjection;

namespace Lightning.Benchmarks.TestSelection;

/// <summary>
/// Benchmark 3: a generated 1,000-test pytest suite (50 files of 20 tests) in git; <see cref="TestWatchSession"/>
/// watches it (safe mode, no first run) and each round saves one function of a random module. Latency: from just
/// before the save to the first test result the watcher reports. Comparator: a full <c>pytest -p no:cacheprovider -q</c>
/// run on the same save, from its start to its first result (the first progress dot) and to its end.
/// </summary>
internal sealed class TestWatchBenchmark(bool quick, TextWriter output)
{
    public async Task<TestWatchResult> RunAsync(CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("lightning-bench-watch-").FullName;
        try
        {
            var fixture = PythonFixture.Create(Path.Combine(root, "repo"), modules: 50, functions: 20, testWorkMs: 0);
            using var services = TestSelectionBenchmark.Services(Path.Combine(root, "data"));
            var session = services.GetRequiredService<TestWatchSession>();
            var reporter = new Reporter();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var watching = session.RunAsync(new TestWatchOptions(fixture.Root) { ChangedOnly = true }, reporter, stop.Token);
            await reporter.Ready(fixture.Root, stop.Token);
            var random = new Random(7);
            var rounds = quick ? 3 : 20;
            var watchMs = new List<double>();
            var fullFirstMs = new List<double>();
            var fullMs = new List<double>();
            var selectedTests = new List<int>();
            for (var round = 0; round < rounds; round++)
            {
                var module = random.Next(fixture.Modules);
                fixture.Variants[module, random.Next(fixture.Functions)] += 2;
                var finished = reporter.Expect();
                var saved = Stopwatch.GetTimestamp();
                fixture.WriteModule(module);
                var (firstResult, tests) = await finished.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
                watchMs.Add(Stopwatch.GetElapsedTime(saved, firstResult).TotalMilliseconds);
                selectedTests.Add(tests);
                var (first, all) = await PytestAsync(fixture.Root, cancellationToken);
                fullFirstMs.Add(first);
                fullMs.Add(all);
                output.WriteLine($"  save {round + 1,2}: m{module}.py → watch first result {watchMs[^1],6:0} ms ({tests} tests run); full pytest first result {first,6:0} ms, end {all,6:0} ms");
            }

            await stop.CancelAsync();
            try
            {
                await watching;
            }
            catch (OperationCanceledException)
            {
            }

            return new TestWatchResult(fixture.Tests, watchMs, fullFirstMs, fullMs, selectedTests);
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The comparator: pytest on the whole suite; first result = the first progress dot on stdout.</summary>
    static async Task<(double First, double All)> PytestAsync(string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("python3") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-m", "pytest", "-p", "no:cacheprovider", "-q" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var first = -1.0;
        var buffer = new char[1];
        while (await process.StandardOutput.ReadAsync(buffer, cancellationToken) > 0)
        {
            if (first < 0 && buffer[0] is '.' or 'F' or 'E')
            {
                first = watch.Elapsed.TotalMilliseconds;
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        return (first, watch.Elapsed.TotalMilliseconds);
    }

    sealed class Reporter : ITestWatchReporter
    {
        TaskCompletionSource<(long, int)>? _waiting;
        long _firstResult;
        int _tests;

        public async Task Ready(string root, CancellationToken cancellationToken)
        {
            // The watcher is up once a save reaches it: touch a file no test depends on until one does.
            for (var attempt = 0; attempt < 100; attempt++)
            {
                var finished = Expect();
                await File.WriteAllTextAsync(Path.Combine(root, "NOTES.md"), $"ready {attempt}\n", cancellationToken);
                if (await Task.WhenAny(finished, Task.Delay(500, cancellationToken)) == finished)
                {
                    return;
                }
            }

            throw new InvalidOperationException("the watcher never reported the first save");
        }

        public Task<(long FirstResult, int Tests)> Expect()
        {
            _waiting = new TaskCompletionSource<(long, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _firstResult = 0;
            _tests = 0;
            return _waiting.Task;
        }

        public ValueTask RunStartingAsync(FileChangeBatch? batch, Lightning.Testing.Selection.TestSelection? selection)
        {
            if (selection is not null && selection.Tests.Count == 0)
            {
                _waiting?.TrySetResult((Stopwatch.GetTimestamp(), 0));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask EventAsync(string project, TestEvent testEvent)
        {
            if (testEvent is CaseFinishedEvent)
            {
                _tests++;
                if (_firstResult == 0)
                {
                    _firstResult = Stopwatch.GetTimestamp();
                }
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask RunFinishedAsync(IReadOnlyList<ProjectRunResult> results, TimeSpan elapsed)
        {
            _waiting?.TrySetResult((_firstResult == 0 ? Stopwatch.GetTimestamp() : _firstResult, _tests));
            return ValueTask.CompletedTask;
        }
    }
}

internal sealed record TestWatchResult(int Tests, IReadOnlyList<double> WatchMs, IReadOnlyList<double> FullFirstMs, IReadOnlyList<double> FullMs, IReadOnlyList<int> SelectedTests);
