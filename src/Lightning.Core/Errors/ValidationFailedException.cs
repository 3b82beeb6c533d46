namespace Lightning.Core.Errors;

/// <summary>A request that failed validation, with the messages per field, as the API's ValidationProblem shows them.</summary>
public sealed class ValidationFailedException : LightningException
{
    public ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
        : base(ErrorKind.Invalid, "validation_failed", Summarise(errors))
    {
        Errors = errors;
    }

    public ValidationFailedException() : this(new Dictionary<string, string[]>())
    {
    }

    public ValidationFailedException(string message) : this(new Dictionary<string, string[]> { [string.Empty] = [message] })
    {
    }

    public ValidationFailedException(string message, Exception innerException) : base(message, innerException)
    {
        Errors = new Dictionary<string, string[]> { [string.Empty] = [message] };
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; }

    static string Summarise(IReadOnlyDictionary<string, string[]> errors) =>
        errors.Count == 0 ? "The request is invalid." : string.Join(" ", errors.SelectMany(pair => pair.Value));
}
