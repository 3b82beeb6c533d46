using System.Collections.Concurrent;
using Lightning.Core.Processes;

namespace Lightning.Monitoring.Collectors.Processes;

/// <summary>
/// The processes the platform runs through Core's process runner (tests, builds, git, agents' commands), by program
/// name. The process collector samples the live ones and counts the starts, so that even a process that lived between
/// two samples shows up. Many are short-lived: they are reported per program, never per pid.
/// </summary>
public sealed class PlatformProcesses : IProcessObserver
{
    readonly ConcurrentDictionary<int, string> _live = new();
    readonly ConcurrentDictionary<string, int> _started = new(StringComparer.Ordinal);

    public void Started(int processId, ProcessSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var program = ProgramOf(spec.FileName);
        _live[processId] = program;
        _started.AddOrUpdate(program, 1, (_, count) => count + 1);
    }

    public void Ended(int processId) => _live.TryRemove(processId, out _);

    /// <summary>The processes running now, with their program names.</summary>
    public IReadOnlyList<KeyValuePair<int, string>> Live => [.. _live];

    /// <summary>Starts per program since the previous call (each start is handed out once).</summary>
    public IReadOnlyList<KeyValuePair<string, int>> TakeStarts()
    {
        var starts = new List<KeyValuePair<string, int>>();
        foreach (var program in _started.Keys)
        {
            if (_started.TryRemove(program, out var count) && count > 0) starts.Add(new(program, count));
        }

        return starts;
    }

    /// <summary>The program's file name without its directory ("/usr/bin/git" is "git"); the name is what groups its runs.</summary>
    public static string ProgramOf(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName.TrimEnd('/', '\\'));
        return string.IsNullOrWhiteSpace(name) ? "?" : name;
    }
}
