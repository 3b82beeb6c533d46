using Lightning.Core.Processes;

namespace Lightning.Testing.Runners.Live;

/// <summary>
/// Turns what one framework says while it runs into <see cref="LiveRun"/> calls: the lines of the test process's
/// output (go test -json, TeamCity messages, dotnet's console logger), the lines our plugin appends to the events file
/// (pytest, Jest, RSpec, JUnit), or both. One translator per pass; calls come one at a time, in order.
/// </summary>
internal abstract class LiveTranslator
{
    /// <summary>A line the test process wrote; true when it was a protocol line rather than output to keep and show.</summary>
    public virtual ValueTask<bool> OnLineAsync(OutputStream stream, string line) => ValueTask.FromResult(false);

    /// <summary>A line of the events file.</summary>
    public virtual ValueTask OnEventLineAsync(string line) => ValueTask.CompletedTask;

    /// <summary>The process has ended and every line has been seen.</summary>
    public virtual ValueTask CompleteAsync() => ValueTask.CompletedTask;
}

/// <summary>For a process whose output says nothing about its cases (a custom command writing JUnit XML files).</summary>
internal sealed class SilentTranslator : LiveTranslator;
