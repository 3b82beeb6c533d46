using System.Threading.Channels;
using Lightning.Testing.Detection;

namespace Lightning.Testing.Selection.Watch;

/// <summary>
/// Watches a directory tree and reports saved files in debounced batches: a batch is closed when no event arrived
/// for <see cref="Quiet"/>, or <see cref="MaxDelay"/> after its first event, so an editor's burst (write a temporary
/// file, rename it over the original, touch metadata) or a formatter touching twenty files is one batch. Dependency,
/// build and cache folders (<c>.git</c>, <c>node_modules</c>, <c>__pycache__</c>, <c>bin</c>, <c>obj</c>, ...) and
/// editor scratch files are ignored. When the system drops events (buffer overflow) the batch says so.
/// </summary>
public sealed class FileChangeWatcher : IDisposable
{
    readonly string _root;
    readonly FileSystemWatcher _watcher;
    readonly Channel<(string? Path, DateTimeOffset At)> _events = Channel.CreateUnbounded<(string?, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true });
    readonly TimeProvider _time;

    public FileChangeWatcher(string directory, TimeProvider? timeProvider = null)
    {
        _root = Path.GetFullPath(directory);
        _time = timeProvider ?? TimeProvider.System;
        _watcher = new FileSystemWatcher(_root)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Changed += (_, e) => Post(e.FullPath);
        _watcher.Created += (_, e) => Post(e.FullPath);
        _watcher.Deleted += (_, e) => Post(e.FullPath);
        _watcher.Renamed += (_, e) =>
        {
            Post(e.OldFullPath);
            Post(e.FullPath);
        };
        _watcher.Error += (_, _) => _events.Writer.TryWrite((null, _time.GetUtcNow()));
    }

    /// <summary>Quiet time that closes a batch.</summary>
    public TimeSpan Quiet { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>The longest a batch stays open while events keep arriving.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    public string Root => _root;

    /// <summary>Starts watching (events before this call are not seen) and yields each batch until cancelled.</summary>
    public async IAsyncEnumerable<FileChangeBatch> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _watcher.EnableRaisingEvents = true;
        var reader = _events.Reader;
        while (true)
        {
            (string? Path, DateTimeOffset At) first;
            try
            {
                first = await reader.ReadAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            var paths = new SortedSet<string>(StringComparer.Ordinal);
            var overflowed = Add(first.Path, paths);
            var deadline = first.At + MaxDelay;
            while (true)
            {
                var wait = Min(Quiet, deadline - _time.GetUtcNow());
                if (wait <= TimeSpan.Zero)
                {
                    break;
                }

                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                quiet.CancelAfter(wait);
                try
                {
                    var next = await reader.ReadAsync(quiet.Token);
                    overflowed |= Add(next.Path, paths);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    break;
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }

            if (paths.Count > 0 || overflowed)
            {
                yield return new FileChangeBatch(paths.ToList(), overflowed, first.At);
            }
        }
    }

    static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    static bool Add(string? path, SortedSet<string> paths)
    {
        if (path is null)
        {
            return true;
        }

        paths.Add(path);
        return false;
    }

    void Post(string fullPath)
    {
        var relative = Path.GetRelativePath(_root, fullPath).Replace('\\', '/');
        if (!IsIgnored(relative))
        {
            _events.Writer.TryWrite((relative, _time.GetUtcNow()));
        }
    }

    /// <summary>Folders no test depends on by its sources (the detector skips the same ones), and editors' scratch files.</summary>
    public static bool IsIgnored(string relativePath)
    {
        if (relativePath.Length == 0 || relativePath == "." || relativePath.StartsWith("../", StringComparison.Ordinal))
        {
            return true;
        }

        var segments = relativePath.Split('/');
        if (segments.Take(segments.Length - 1).Any(RepositoryTree.SkippedDirectories.Contains) || RepositoryTree.SkippedDirectories.Contains(segments[^1]))
        {
            return true;
        }

        var name = segments[^1];
        return name.EndsWith('~') || name.StartsWith(".#", StringComparison.Ordinal) || name == "4913"
            || name.EndsWith(".swp", StringComparison.Ordinal) || name.EndsWith(".swx", StringComparison.Ordinal)
            || name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".pyc", StringComparison.Ordinal)
            || name == ".DS_Store";
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _events.Writer.TryComplete();
    }
}
