namespace Lightning.Collaboration.Distributed;

/// <summary>
/// How the coordinator and <c>lightning worker</c> processes talk over the bus. A subtask attempt is a <c>request</c> to
/// <c>agent:WORKER</c> carrying a <see cref="SubtaskRequest"/>; the worker answers <c>inform</c> (succeeded) or <c>failure</c>
/// to <c>agent:lightning-coordinator</c> with a <see cref="SubtaskReply"/>, <c>inReplyTo</c> the request. A <c>cancel</c>
/// <c>inReplyTo</c> a request stops it on the worker.
/// </summary>
public static class WorkerProtocol
{
    /// <summary>The bus protocol name of subtask requests, their replies and cancels.</summary>
    public const string Protocol = "lightning-subtask";

    /// <summary>The agent name the coordinator consumes replies as.</summary>
    public const string CoordinatorAgent = "lightning-coordinator";

    /// <summary>The sender name of the coordinator's messages.</summary>
    public const string CoordinatorSender = "coordinator";
}
