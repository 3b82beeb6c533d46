using Microsoft.Extensions.Logging;

namespace Lightning.Git.Hosting.GitHub;

// Paths are logged, never headers or bodies: the token travels in a header and secrets in hook bodies.
internal static partial class GitHubLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Warning,
        Message = "GitHub rate limit on {Method} {Path}; waiting {Wait} before retry {Attempt}")]
    public static partial void RateLimitWait(ILogger logger, string method, string path, TimeSpan wait, int attempt);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning,
        Message = "GitHub rate limit on {Method} {Path}; giving up (wait {Wait}, attempt {Attempt})")]
    public static partial void RateLimitGiveUp(ILogger logger, string method, string path, TimeSpan wait, int attempt);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Debug,
        Message = "GitHub {Method} {Path} answered {Status}")]
    public static partial void RequestFailed(ILogger logger, string method, string path, int status);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Information,
        Message = "Applied branch protection to {Repository} {Branch}")]
    public static partial void ProtectionApplied(ILogger logger, string repository, string branch);
}
