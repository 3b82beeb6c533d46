using System.Net;

namespace Lightning.Cli.Api;

/// <summary>The server answered with an error; <see cref="Exception.Message"/> is its ProblemDetails in one line.</summary>
internal sealed class LightningApiException : Exception
{
    public LightningApiException(HttpStatusCode? status, string message) : base(message)
    {
        Status = status;
    }

    public LightningApiException(HttpStatusCode? status, string message, Exception innerException) : base(message, innerException)
    {
        Status = status;
    }

    public LightningApiException() : this(null, "The server answered with an error.")
    {
    }

    public LightningApiException(string message) : this(null, message)
    {
    }

    public LightningApiException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public HttpStatusCode? Status { get; }
}
