using Lightning.Collaboration.Messaging;

namespace Lightning.Server.Bus;

/// <summary>
/// Where the bus is: bound from <c>Lightning:Collaboration:Bus</c>, beside the delivery rules of <see cref="BusOptions"/>.
/// The server and every <c>lightning worker</c> of one platform use the same transport, connection and prefix.
/// </summary>
public sealed class BusTransportOptions
{
    public const string SectionName = BusOptions.SectionName;

    /// <summary><c>embedded</c> (default), <c>rabbitmq</c> or <c>redis</c>.</summary>
    public string Transport { get; set; } = "embedded";

    /// <summary>The AMQP URI or Redis configuration string; may hold a password, so it is never logged or shown.</summary>
    public string? Connection { get; set; }

    /// <summary>Namespaces the queues (RabbitMQ) or keys (Redis): platforms sharing a broker use different prefixes.</summary>
    public string Prefix { get; set; } = "lightning";

    /// <summary>
    /// How long a start keeps trying to reach a RabbitMQ or Redis that does not answer (one restarting, say) before it
    /// gives up with <c>bus.unavailable</c>; zero tries once.
    /// </summary>
    public TimeSpan ConnectRetryFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The transport, or null when <see cref="Transport"/> names none.</summary>
    public BusTransport? ParsedTransport => Transport?.Trim().ToLowerInvariant() switch
    {
        "embedded" or "" or null => BusTransport.Embedded,
        "rabbitmq" or "rabbit-mq" or "amqp" => BusTransport.RabbitMq,
        "redis" => BusTransport.Redis,
        _ => null,
    };

    /// <summary>What is wrong with the settings, or null.</summary>
    public string? Problem() => ParsedTransport switch
    {
        null => $"Lightning:Collaboration:Bus:Transport '{Transport}' is not one of embedded, rabbitmq, redis.",
        BusTransport.RabbitMq when !Uri.TryCreate(Connection, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") =>
            "Lightning:Collaboration:Bus:Connection must be an AMQP URI (amqp://user:password@host:5672/) for the rabbitmq transport.",
        BusTransport.Redis when string.IsNullOrWhiteSpace(Connection) =>
            "Lightning:Collaboration:Bus:Connection must be a Redis configuration string (host:6379,password=...) for the redis transport.",
        _ when ConnectRetryFor < TimeSpan.Zero || ConnectRetryFor > TimeSpan.FromMinutes(10) =>
            "Lightning:Collaboration:Bus:ConnectRetryFor must be between 00:00:00 and 00:10:00.",
        _ when string.IsNullOrWhiteSpace(Prefix) || Prefix.Length > 64 || Prefix.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')) =>
            "Lightning:Collaboration:Bus:Prefix must be 1-64 letters, digits, '-', '_' or '.'.",
        _ => null,
    };
}
