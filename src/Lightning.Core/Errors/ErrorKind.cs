namespace Lightning.Core.Errors;

public enum ErrorKind
{
    /// <summary>The request itself is wrong (400).</summary>
    Invalid,
    /// <summary>The thing asked for does not exist (404).</summary>
    NotFound,
    /// <summary>The request conflicts with current state (409).</summary>
    Conflict,
    /// <summary>A dependency (model, host, database) is missing or unreachable (503).</summary>
    Unavailable,
    /// <summary>An upstream service (GitHub, GitLab, a cloud) asked us to slow down and did not recover in time (429).</summary>
    RateLimited,
    /// <summary>An upstream service refused or failed the request: bad credentials, a server error (502).</summary>
    Upstream,
}
