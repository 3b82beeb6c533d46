using Microsoft.Extensions.Logging;

namespace Lightning.Git.Hosting.GitLab;

/// <summary>GitLab client log events, 4350-4399 (the hosting range's webhook half is 4300-4349).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4350, Level = LogLevel.Warning,
        Message = "GitLab rate limit on {Method} {Path}; retrying in {Delay}")]
    public static partial void RateLimited(ILogger logger, string method, string path, TimeSpan delay);

    [LoggerMessage(EventId = 4351, Level = LogLevel.Warning,
        Message = "GitLab rate limit on {Method} {Path} would need {Delay} more; giving up after {Waited}")]
    public static partial void RateLimitGaveUp(ILogger logger, string method, string path, TimeSpan delay, TimeSpan waited);

    [LoggerMessage(EventId = 4352, Level = LogLevel.Information,
        Message = "GitLab answered {Status} to {Method} {Path}: {Code}")]
    public static partial void RequestFailed(ILogger logger, int status, string method, string path, string code);

    [LoggerMessage(EventId = 4353, Level = LogLevel.Warning,
        Message = "Restoring the previous protection of branch {Branch} in {Project} after a failed change")]
    public static partial void RestoringProtection(ILogger logger, string branch, string project);
}
