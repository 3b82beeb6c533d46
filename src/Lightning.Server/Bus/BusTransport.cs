namespace Lightning.Server.Bus;

/// <summary>Which message bus carries agent messages (<c>Lightning:Collaboration:Bus:Transport</c>).</summary>
public enum BusTransport
{
    /// <summary>The durable SQLite journal in the data directory: one process, nothing to run. Workers cannot join it.</summary>
    Embedded,
    /// <summary>A RabbitMQ broker; <c>Connection</c> is an AMQP URI (<c>amqp://user:password@host:5672/vhost</c>).</summary>
    RabbitMq,
    /// <summary>Redis Streams; <c>Connection</c> is a StackExchange.Redis configuration string (<c>host:6379,password=...</c>).</summary>
    Redis,
}
