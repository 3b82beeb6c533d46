using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Lightning.Collaboration.Messaging.Embedded;

/// <summary>
/// Copies the journal's write-ahead log into the database on its own connection and thread, so the writer's commits
/// never stop for a checkpoint: a passive checkpoint runs alongside writes. Under steady load a passive checkpoint never
/// catches the log's end (new commits keep arriving), and SQLite only starts the log over once every frame is copied;
/// so when the log is long and the copy is close behind, the checkpointer asks the writer to copy the last few frames
/// itself between two batches (<see cref="TakeFinishRequest"/>), which lets its next commit start the log over.
/// </summary>
internal sealed class EmbeddedCheckpointer : IDisposable
{
    /// <summary>How often the checkpointer looks for new commits.</summary>
    static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Frames (4 KiB pages) after which the log should start over: 64 MiB, the size the file is cut back to.</summary>
    internal const long RestartFrames = 16_384;

    /// <summary>At most this many frames left for the writer to copy: a few milliseconds of its time.</summary>
    const long TailFrames = 1_024;

    /// <summary>A log this long is copied by the writer whatever it costs, so the file cannot grow without bound.</summary>
    const long HardLimitFrames = 4 * RestartFrames;

    readonly SqliteConnection _connection;
    readonly SqliteCommand _checkpoint;
    readonly Func<long> _commits;
    readonly ILogger _logger;
    readonly CancellationTokenSource _stop = new();
    readonly Thread _thread;
    long _seen;
    long _checkpoints;
    int _finish;

    public EmbeddedCheckpointer(string file, Func<long> commits, ILogger logger)
    {
        _commits = commits;
        _logger = logger;
        var builder = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        _checkpoint = _connection.CreateCommand();
        _checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        _thread = new Thread(Run) { IsBackground = true, Name = "lightning-bus-checkpoint" };
        _thread.Start();
    }

    /// <summary>Checkpoints run by this thread; for tests.</summary>
    internal long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>True once per request: the writer should run a passive checkpoint itself before its next batch.</summary>
    public bool TakeFinishRequest() => Interlocked.Exchange(ref _finish, 0) == 1;

    /// <summary>Asks again, after the writer's own checkpoint could not run.</summary>
    public void RequestFinish() => Volatile.Write(ref _finish, 1);

    void Run()
    {
        var token = _stop.Token;
        while (!token.WaitHandle.WaitOne(Interval))
        {
            var commits = _commits();
            if (commits == _seen)
            {
                continue;
            }

            _seen = commits;
            try
            {
                using var reader = _checkpoint.ExecuteReader();
                reader.Read();
                var log = reader.GetInt64(1);
                var copied = reader.GetInt64(2);
                Interlocked.Increment(ref _checkpoints);
                if ((log >= RestartFrames && log - copied <= TailFrames) || log >= HardLimitFrames)
                {
                    RequestFinish();
                }
            }
            catch (SqliteException ex)
            {
                // Busy or locked by the writer's own checkpoint: the next turn tries again.
                EmbeddedLog.CheckpointSkipped(_logger, ex);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _checkpoint.Dispose();
        _connection.Dispose();
        _stop.Dispose();
    }
}
