namespace Lightning.Testing.Results.Events;

public enum TestOutputStream
{
    Stdout,
    Stderr,
}
