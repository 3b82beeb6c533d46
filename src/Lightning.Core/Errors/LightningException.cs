namespace Lightning.Core.Errors;

/// <summary>
/// An expected failure that a caller can act on. The kind tells the API which status to answer with;
/// the message is written for the user and never carries secrets.
/// </summary>
public class LightningException : Exception
{
    public LightningException(ErrorKind kind, string code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Code = code;
    }

    public LightningException() : this(ErrorKind.Invalid, "error", "An error occurred.")
    {
    }

    public LightningException(string message) : this(ErrorKind.Invalid, "error", message)
    {
    }

    public LightningException(string message, Exception innerException) : this(ErrorKind.Invalid, "error", message, innerException)
    {
    }

    public ErrorKind Kind { get; }

    /// <summary>A stable, machine-readable code such as <c>workspace.path_outside</c>.</summary>
    public string Code { get; }
}
