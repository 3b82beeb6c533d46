using System.Text.RegularExpressions;
using Lightning.Collaboration.Messaging;
using Lightning.Collaboration.Messaging.Embedded;
using Lightning.Collaboration.RabbitMq;
using Lightning.Collaboration.Redis;
using Lightning.Core.Errors;
using Lightning.Core.Storage;

namespace Lightning.Server.Bus;

/// <summary>Opens the configured bus; the server and <c>lightning worker</c> both come here.</summary>
public static partial class BusConnector
{
    /// <summary>
    /// Connects to the transport. A transport that cannot be reached is a <see cref="LightningException"/> (<c>bus.unavailable</c>)
    /// whose message names the host but never the password. <paramref name="platform"/> is where the platform keeps its state:
    /// RabbitMQ remembers published ids there (see <see cref="PublishDeduplicator"/>).
    /// </summary>
    public static async Task<IMessageBus> ConnectAsync(
        BusTransportOptions transport, BusOptions options, string embeddedJournalPath, LightningOptions platform, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(loggers);
        if (transport.Problem() is { } problem)
        {
            throw new LightningException(ErrorKind.Invalid, "bus.misconfigured", problem);
        }

        // A broker that is restarting refuses connections for a few seconds: keep trying for a while, as a service should.
        var logger = loggers.CreateLogger("Lightning.Server.Bus");
        var started = time.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                return await OpenAsync(transport, options, embeddedJournalPath, platform, time, loggers, cancellationToken);
            }
            catch (LightningException ex) when (ex.Code == "bus.unavailable" && time.GetElapsedTime(started) + delay <= transport.ConnectRetryFor)
            {
                Log.ConnectRetry(logger, transport.Transport, Describe(transport), delay.TotalSeconds, ex.Message);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
        }
    }

    static async Task<IMessageBus> OpenAsync(
        BusTransportOptions transport, BusOptions options, string embeddedJournalPath, LightningOptions platform, TimeProvider time, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        try
        {
            return transport.ParsedTransport switch
            {
                BusTransport.RabbitMq => await RabbitMqMessageBus.ConnectAsync(new Uri(transport.Connection!), transport.Prefix, options, time,
                    loggers.CreateLogger<RabbitMqMessageBus>(), PublishDeduplicator(platform, options, time, loggers), ownsDeduplicator: true, cancellationToken),
                BusTransport.Redis => await RedisStreamsMessageBus.ConnectAsync(transport.Connection!, transport.Prefix, options, time,
                    loggers.CreateLogger<RedisStreamsMessageBus>(), cancellationToken),
                _ => new EmbeddedMessageBus(embeddedJournalPath, options, time, loggers.CreateLogger<EmbeddedMessageBus>()),
            };
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or LightningException or OutOfMemoryException))
        {
            throw new LightningException(ErrorKind.Unavailable, "bus.unavailable",
                $"Cannot connect to the {transport.Transport} bus at {Describe(transport)}: {Redact(ex.GetBaseException().Message, transport.Connection)}");
        }
    }

    /// <summary>
    /// Where the RabbitMQ bus remembers published ids for <see cref="BusOptions.DeduplicationWindow"/> (RabbitMQ has no
    /// de-duplication of its own): the platform's PostgreSQL database when its state is there, which the server and every
    /// worker configured with it share; otherwise <c>{data}/bus/rabbitmq-claims.db</c>, which survives restarts.
    /// </summary>
    public static DatabasePublishDeduplicator PublishDeduplicator(LightningOptions platform, BusOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger<DatabasePublishDeduplicator>();
        return platform.Database.Provider == DatabaseProvider.Postgres
            ? new PostgresPublishDeduplicator(DatabaseSetup.PostgresConnectionString(platform), options.DeduplicationWindow, timeProvider: time, logger: logger)
            : new SqlitePublishDeduplicator(platform.DataPath(EmbeddedBusServiceCollectionExtensions.DataFolder, ClaimsFileName), options.DeduplicationWindow, timeProvider: time, logger: logger);
    }

    /// <summary>The SQLite file of <see cref="PublishDeduplicator"/>, under <c>{data}/bus/</c>.</summary>
    public const string ClaimsFileName = "rabbitmq-claims.db";

    /// <summary>Where the bus is, for messages and logs: host and port, never a user's password.</summary>
    public static string Describe(BusTransportOptions transport)
    {
        ArgumentNullException.ThrowIfNull(transport);
        return transport.ParsedTransport switch
        {
            BusTransport.RabbitMq when Uri.TryCreate(transport.Connection, UriKind.Absolute, out var uri) => $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 5672)}",
            BusTransport.Redis => transport.Connection!.Split(',')[0].Trim(),
            BusTransport.Embedded => "the data directory",
            _ => "(unknown)",
        };
    }

    /// <summary>Removes the connection's password from a text (exception messages can echo the configuration).</summary>
    public static string Redact(string text, string? connection)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrEmpty(connection))
        {
            return text;
        }

        foreach (var secret in Secrets(connection).Where(secret => secret.Length > 0))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return PasswordSetting().Replace(text, "password=***");
    }

    static IEnumerable<string> Secrets(string connection)
    {
        if (Uri.TryCreate(connection, UriKind.Absolute, out var uri) && uri.UserInfo.Split(':', 2) is [_, var password])
        {
            yield return password;
            yield return Uri.UnescapeDataString(password);
        }

        foreach (var match in PasswordSetting().Matches(connection).Cast<Match>())
        {
            yield return match.Groups["secret"].Value;
        }
    }

    [GeneratedRegex("password=(?<secret>[^,;\\s]*)", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex PasswordSetting();

    static partial class Log
    {
        [LoggerMessage(EventId = Lightning.Core.Diagnostics.LightningEventId.BusConnectRetry, Level = LogLevel.Warning,
            Message = "The {Transport} bus at {Where} is not reachable yet; trying again in {Seconds} s: {Reason}")]
        public static partial void ConnectRetry(ILogger logger, string transport, string where, double seconds, string reason);
    }
}
