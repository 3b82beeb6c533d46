using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Parallel;

/// <summary>Testing module, Parallel 5760-5769 (the notifications block, 5700-5799).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5760, Level = LogLevel.Information, Message = "Project {Root} runs in {Shards} shards: expected {Makespan} instead of {Total}")]
    public static partial void Sharded(ILogger logger, string root, int shards, TimeSpan makespan, TimeSpan total);
}
