using Lightning.Collaboration.Messaging;
using StackExchange.Redis;

namespace Lightning.Collaboration.Redis;

/// <summary>Every key of one bus, all under <c>{prefix}:</c> so that buses (and tests) with different prefixes never meet.</summary>
internal sealed class RedisBusKeys(string prefix)
{
    public const int Bands = 10;
    public const string AgentGroup = "agent";
    public const string CapabilityGroup = "capability";

    public string Prefix { get; } = prefix;

    /// <summary>SET of every agent that ever subscribed: the receivers of a broadcast.</summary>
    public RedisKey Agents => Prefix + ":agents";

    /// <summary>SET of every destination (<c>agent:X</c>, <c>capability:C</c>) that has a consumer group: what the lease reaper scans.</summary>
    public RedisKey Destinations => Prefix + ":destinations";

    /// <summary>ZSET of retries waiting for their backoff: score = due time (Unix ms), member = a token naming a HASH under <see cref="DelayedEntryPrefix"/>.</summary>
    public RedisKey Delayed => Prefix + ":delayed";

    public string DelayedEntryPrefix => Prefix + ":delayed:";

    public RedisKey DeadLetters => Prefix + ":dead-letters";

    /// <summary>HASH message id → entry id in <see cref="DeadLetters"/>.</summary>
    public RedisKey DeadLetterIndex => Prefix + ":dead-letters:index";

    public RedisKey Dedupe(string messageId) => Prefix + ":dedupe:" + messageId;

    /// <summary>Prefix of an agent's streams; a broadcast appends the agent name and <see cref="BandSuffix"/>.</summary>
    public string AgentStreamPrefix => Prefix + ":q:agent:";

    public static string BandSuffix(int priority) => ":p" + priority.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The stream of one destination (<c>agent:X</c> or <c>capability:C</c>) and one priority.</summary>
    public string Stream(string destination, int priority) => Prefix + ":q:" + destination + BandSuffix(priority);

    public static string Group(string destination) =>
        destination.StartsWith("agent:", StringComparison.Ordinal) ? AgentGroup : CapabilityGroup;

    public static string Destination(Address address) => address.ToString();
}
