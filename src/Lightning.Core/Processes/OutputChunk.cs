namespace Lightning.Core.Processes;

public enum OutputStream
{
    Stdout,
    Stderr,
}

/// <summary>A piece of a process's output, as it arrived.</summary>
public readonly record struct OutputChunk(OutputStream Stream, string Text);
