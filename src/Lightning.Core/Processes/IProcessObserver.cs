namespace Lightning.Core.Processes;

/// <summary>
/// Told by the <see cref="ProcessRunner"/> when it starts and when it is done with a process, so that a module above
/// Core (monitoring samples what the platform runs) can follow processes without Core knowing about it. Called on the
/// runner's path: an observer must be quick and must not throw.
/// </summary>
public interface IProcessObserver
{
    void Started(int processId, ProcessSpec spec);

    void Ended(int processId);
}
