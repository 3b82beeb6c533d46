namespace Lightning.Cli.Api;

/// <summary>No server answered: nothing listens at the URL, the name does not resolve, or it did not answer in time.</summary>
internal sealed class ServerUnreachableException : Exception
{
    public ServerUnreachableException()
    {
    }

    public ServerUnreachableException(string message) : base(message)
    {
    }

    public ServerUnreachableException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
