using System.Diagnostics;
using System.Globalization;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.History;
using Lightning.Collaboration.Tasks;
using Microsoft.Data.Sqlite;

namespace Lightning.Benchmarks.Scheduler;

/// <summary>
/// The kill -9 drill. A child process hosts the engine with the <see cref="ProbeTool"/> and submits a graph; the parent
/// kills it (SIGKILL) once the probe file shows enough calls, reads what the log had committed, then starts a second
/// child on the same data directory, which resumes the collaboration, and checks that no subtask committed as
/// succeeded was called again and that every subtask completed.
/// </summary>
internal static class RecoveryDrill
{
    public const string ChildArgument = "--scheduler-child";
    const string Prefix = "sched-child: ";

    /// <summary>The child's side: <c>DATA_DIR PROBE_FILE SUBTASKS submit|resume [ID]</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var main = Stopwatch.GetTimestamp();
        string Elapsed() => Stopwatch.GetElapsedTime(main).TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);
        if (args.Length < 4)
        {
            await Console.Error.WriteLineAsync("usage: --scheduler-child DATA_DIR PROBE_FILE SUBTASKS submit|resume [ID]");
            return 2;
        }

        var subtasks = int.Parse(args[2], CultureInfo.InvariantCulture);
        var id = args.Length > 4 ? args[4] : null;
        // A small graph (quick mode) would finish before the parent can kill it: its calls take 10 ms each.
        using var probe = new ProbeTool(args[1], subtasks <= 2_000 ? 10 : 0);
        using var listener = new EngineMetricsListener(long.MaxValue);
        _ = listener.FirstFinished.ContinueWith(_ => Console.WriteLine($"{Prefix}first-completion ms={Elapsed()}"), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await using var host = await SchedulerHost.StartAsync(args[0], 256, probe, CancellationToken.None,
            phase => Console.WriteLine($"{Prefix}phase {phase} ms={Elapsed()}"));
        Console.WriteLine($"{Prefix}engine-started ms={Elapsed()}");
        if (args[3] == "submit")
        {
            var view = await host.Collaborations.SubmitAsync(new ComplexTask { Title = "recovery drill", Plan = Plan(subtasks) }, "bench", CancellationToken.None);
            id = view.Id;
            Console.WriteLine($"{Prefix}submitted {id}");
        }

        if (id is null)
        {
            await Console.Error.WriteLineAsync("resume needs the collaboration id");
            return 2;
        }

        while (true)
        {
            var summary = await host.Store.FindAsync(id, CancellationToken.None);
            if (summary is null || summary.Status != CollaborationStatus.Running)
            {
                Console.WriteLine($"{Prefix}finished {summary?.Status.ToString() ?? "missing"} ms={Elapsed()}");
                break;
            }

            await Task.Delay(5);
        }

        return 0;
    }

    public static TaskPlan Plan(int subtasks)
    {
        var width = Math.Min(1000, Math.Max(1, subtasks / 10));
        return SchedulerGraphs.Layered(subtasks / width, width, ProbeTool.ToolName);
    }

    public static async Task<SchedulerRecoveryResult> RunAsync(int subtasks, int killAfter, string? dataParent, TextWriter output, CancellationToken cancellationToken)
    {
        var root = dataParent is null
            ? Directory.CreateTempSubdirectory("lightning-bench-recovery-").FullName
            : Directory.CreateDirectory(Path.Combine(dataParent, $"lightning-bench-recovery-{Guid.NewGuid():N}")).FullName;
        var dataDirectory = Path.Combine(root, "data");
        var probeFile = Path.Combine(root, "calls.log");
        var subtaskCount = Plan(subtasks).Subtasks.Count;
        try
        {
            // 1. Run, and kill -9 mid-run.
            string id;
            long callsBeforeKill;
            await using (var first = Child.Start(dataDirectory, probeFile, subtaskCount, "submit", null))
            {
                // The collaboration must be accepted (its "submitted" event durable: SubmitAsync returned) before the kill, and the
                // kill comes once the log has committed ~killAfter subtask successes (the engine starts subtasks before the
                // submission is durable, and executions run ahead of the log, so the probe file counts more calls than that).
                var submitted = await first.WaitAsync("submitted", TimeSpan.FromSeconds(120), cancellationToken);
                id = submitted.Text;
                var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 300);
                while (CommittedCount(dataDirectory, id) < killAfter)
                {
                    if (first.HasExited || Stopwatch.GetTimestamp() > deadline)
                    {
                        return Failed(subtaskCount, killAfter, $"the first child {(first.HasExited ? "exited" : "was still short of the completions")} before the kill:\n{first.RecentLog()}");
                    }

                    await Task.Delay(2, cancellationToken);
                }

                first.KillHard();
                await first.WaitForExitAsync(cancellationToken);
                callsBeforeKill = ProbeTool.ReadKeys(probeFile).Count;
            }

            var committed = CommittedSucceeded(dataDirectory, id, root);
            output.WriteLine($"  recovery: killed the first child (SIGKILL) after {callsBeforeKill:#,0} probe calls; the log had committed {committed.Count:#,0} subtask-succeeded events");

            // 2. Resume on the same data directory.
            await using var second = Child.Start(dataDirectory, probeFile, subtaskCount, "resume", id);
            var started = await second.WaitAsync("engine-started", TimeSpan.FromSeconds(120), cancellationToken);
            var firstCompletion = await second.WaitAsync("first-completion", TimeSpan.FromSeconds(120), cancellationToken);
            var finished = await second.WaitAsync("finished", TimeSpan.FromSeconds(600), cancellationToken);
            await second.WaitForExitAsync(cancellationToken);
            output.WriteLine($"  recovery: the resuming child's own clock (ms since its Main): {second.Phases()}");

            var keys = ProbeTool.ReadKeys(probeFile);
            var before = keys.Take((int)callsBeforeKill).ToHashSet(StringComparer.Ordinal);
            var after = keys.Skip((int)callsBeforeKill).ToHashSet(StringComparer.Ordinal);
            var committedKeys = committed.Select(subtask => $"{id}:{subtask}").ToHashSet(StringComparer.Ordinal);
            var (succeeded, status) = Final(dataDirectory, id, root);
            var reRun = after.Count(committedKeys.Contains);
            var interrupted = after.Count(key => !committedKeys.Contains(key) && before.Contains(key));
            var never = subtaskCount - succeeded;
            var childMs = double.Parse(firstCompletion.Text.Split("ms=")[1], CultureInfo.InvariantCulture);
            return new SchedulerRecoveryResult(subtaskCount, killAfter, callsBeforeKill, committed.Count,
                Ms(second.StartedAt, started.At), Ms(second.StartedAt, firstCompletion.At), Ms(second.StartedAt, finished.At), childMs,
                keys.Count - callsBeforeKill, reRun, interrupted, never, status,
                reRun > 0 || never > 0 || status != "succeeded" ? 1 : 0, null);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or SqliteException)
        {
            return Failed(subtaskCount, killAfter, ex.Message);
        }
        finally
        {
            try
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp directory is harmless.
            }
        }
    }

    static SchedulerRecoveryResult Failed(int subtasks, int killAfter, string error) =>
        new(subtasks, killAfter, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, 0, 0, 0, subtasks, "error", 1, error);

    static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>The subtasks whose success the log had committed, read from a copy so the files the next child resumes on stay as the kill left them.</summary>
    static HashSet<string> CommittedSucceeded(string dataDirectory, string id, string scratch)
    {
        var copy = Directory.CreateDirectory(Path.Combine(scratch, "at-kill")).FullName;
        var events = SchedulerHost.EventsFileIn(dataDirectory);
        File.Copy(events, Path.Combine(copy, "events.db"));
        if (File.Exists(events + "-wal"))
        {
            File.Copy(events + "-wal", Path.Combine(copy, "events.db-wal"));
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        using var connection = Open(Path.Combine(copy, "events.db"));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT subtask FROM events WHERE collaboration_id = $id AND type = $type";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$type", CollaborationEventTypes.SubtaskSucceeded);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            set.Add(reader.GetString(0));
        }

        return set;
    }

    static (int Succeeded, string Status) Final(string dataDirectory, string id, string scratch)
    {
        var copy = Directory.CreateDirectory(Path.Combine(scratch, "final")).FullName;
        var events = SchedulerHost.EventsFileIn(dataDirectory);
        File.Copy(events, Path.Combine(copy, "events.db"));
        if (File.Exists(events + "-wal"))
        {
            File.Copy(events + "-wal", Path.Combine(copy, "events.db-wal"));
        }

        using var connection = Open(Path.Combine(copy, "events.db"));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(DISTINCT subtask) FROM events WHERE collaboration_id = $id AND type = $type; SELECT status FROM collaborations WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$type", CollaborationEventTypes.SubtaskSucceeded);
        using var reader = command.ExecuteReader();
        var succeeded = reader.Read() ? reader.GetInt32(0) : 0;
        var status = reader.NextResult() && reader.Read() ? reader.GetString(0) : "missing";
        return (succeeded, status);
    }

    /// <summary>Subtask successes the live log has committed (a read-only look while the child writes).</summary>
    static long CommittedCount(string dataDirectory, string id)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = SchedulerHost.EventsFileIn(dataDirectory),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT succeeded FROM collaborations WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is long count ? count : 0;
    }

    static SqliteConnection Open(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>A child process of the bench running <see cref="RunChildAsync"/>; its "sched-child:" lines are timestamped as they arrive.</summary>
    sealed class Child : IAsyncDisposable
    {
        readonly Process _process;
        readonly Dictionary<string, TaskCompletionSource<(long At, string Text)>> _events = new(StringComparer.Ordinal);
        readonly List<string> _log = [];
        readonly Lock _gate = new();

        Child(Process process) => _process = process;

        public long StartedAt { get; private set; }

        public bool HasExited => _process.HasExited;

        public static Child Start(string dataDirectory, string probeFile, int subtasks, string mode, string? id)
        {
            var host = Environment.ProcessPath ?? throw new InvalidOperationException("Cannot find the bench's own executable.");
            var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
            {
                info.ArgumentList.Add(typeof(RecoveryDrill).Assembly.Location);
            }

            foreach (var argument in (string?[])[ChildArgument, dataDirectory, probeFile, subtasks.ToString(CultureInfo.InvariantCulture), mode, id])
            {
                if (argument is not null)
                {
                    info.ArgumentList.Add(argument);
                }
            }

            // As the server runs: server GC (its runtimeconfig sets it).
            info.Environment["DOTNET_gcServer"] = "1";
            var process = new Process { StartInfo = info, EnableRaisingEvents = true };
            var child = new Child(process);
            process.OutputDataReceived += (_, e) => child.OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => child.OnLine(e.Data);
            child.StartedAt = Stopwatch.GetTimestamp();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        public async Task<(long At, string Text)> WaitAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var waiting = Event(name).Task;
            var exited = _process.WaitForExitAsync(cancellationToken);
            var done = await Task.WhenAny(waiting, exited, Task.Delay(timeout, cancellationToken));
            if (done == waiting)
            {
                return await waiting;
            }

            if (done == exited && waiting.IsCompleted)
            {
                return await waiting;
            }

            throw new TimeoutException($"the child did not report '{name}' {(done == exited ? "before it exited" : $"within {timeout.TotalSeconds:0} s")}:\n{RecentLog()}");
        }

        /// <summary>The child's "phase NAME ms=…" lines, in order.</summary>
        public string Phases()
        {
            lock (_gate)
            {
                return string.Join("; ", _log.Where(line => line.StartsWith(Prefix, StringComparison.Ordinal))
                    .Select(line => line[Prefix.Length..].Replace("phase ", string.Empty, StringComparison.Ordinal).Replace(" ms=", " ", StringComparison.Ordinal)));
            }
        }

        public void KillHard() => _process.Kill(entireProcessTree: false); // SIGKILL on Linux

        public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

        public string RecentLog()
        {
            lock (_gate)
            {
                return string.Join('\n', _log.TakeLast(30));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        TaskCompletionSource<(long At, string Text)> Event(string name)
        {
            lock (_gate)
            {
                if (!_events.TryGetValue(name, out var source))
                {
                    _events[name] = source = new TaskCompletionSource<(long At, string Text)>(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                return source;
            }
        }

        void OnLine(string? line)
        {
            var at = Stopwatch.GetTimestamp();
            if (line is null)
            {
                return;
            }

            lock (_gate)
            {
                _log.Add(line);
            }

            if (line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var body = line[Prefix.Length..];
                var space = body.IndexOf(' ', StringComparison.Ordinal);
                var name = space < 0 ? body : body[..space];
                Event(name).TrySetResult((at, space < 0 ? string.Empty : body[(space + 1)..]));
            }
        }
    }
}
