namespace Lightning.Core.Diagnostics;

/// <summary>Event-id ranges per module, so a log line's id says where it came from.</summary>
public static class LightningEventId
{
    // Core 1000-1999
    public const int ProcessStarted = 1000;
    public const int ProcessFinished = 1001;
    public const int ProcessKilled = 1002;

    // Agents 2000-2999
    public const int AgentSeeded = 2000;
    public const int ActionStarted = 2001;
    public const int ActionFinished = 2002;
    public const int ActionFailed = 2003;
    public const int SshHostKeyRejected = 2004;
    public const int AgentStatusChanged = 2005;

    // Collaboration 3000-3999: the embedded bus 3100-3199 (EmbeddedLog), RabbitMQ 3200-3299, Redis Streams 3300-3399
    // (each transport's Log class holds its own ids within its range).
    // The engine (Execution/Log.cs) uses 3000-3099.

    // Git 4000-4999: Repositories 4000-4199, Hosting 4200-4399 (webhooks 4300-4399), Releases 4400-4499, Insights 4500-4599
    // (each folder's Log class holds its own ids within its range).

    // Testing 5000-5999: Detection 5000-5099, Runners 5100-5199, History 5200-5299, Coverage 5300-5399,
    // Notifications 5700-5749, Housekeeping 5750-5759, Parallel 5760-5769
    // (each folder's Log class holds its own ids within its range).

    // Server 9000-9999
    public const int DatabaseMigrated = 9000;
    public const int AdminKeyCreated = 9001;
    public const int AuthenticationFailed = 9002;
    public const int UnhandledException = 9003;
    public const int DashboardMissing = 9004;
    public const int GitTriggerStarted = 9005;
    public const int BusConnectRetry = 9006;
}
