using System.Net;
using Lightning.Server.Hosting;

namespace Lightning.Cli;

/// <summary>
/// What <c>lightning</c> exits with. Scripts depend on these: never renumber one. <c>actions run</c> exits with the
/// remote command's own exit code when the command ran and exited, so those codes overlap with the ones below by design.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The action failed (without an exit code of its own), or something else went wrong.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or malformed value.</summary>
    public const int Usage = 2;

    /// <summary>No server answered at the URL (connection refused, DNS, timeout).</summary>
    public const int ServerUnreachable = 3;

    /// <summary>The server refused the API key: missing, invalid or revoked (401), or its role may not do this (403).</summary>
    public const int Auth = 4;

    /// <summary>The agent, action or key does not exist (404).</summary>
    public const int NotFound = 5;

    /// <summary>The server rejected the request: invalid (400, 422) or in conflict with its state (409).</summary>
    public const int InvalidRequest = 6;

    /// <summary><c>serve</c>: the database could not be opened.</summary>
    public const int DatabaseUnavailable = LightningServer.ExitDatabaseUnavailable;

    /// <summary>The action ran past its timeout and was stopped.</summary>
    public const int TimedOut = 8;

    /// <summary>The action was cancelled (Ctrl+C cancels it on the server), as 128 + SIGINT.</summary>
    public const int Cancelled = 130;

    /// <summary>The exit code for an error answer of the server.</summary>
    public static int ForStatus(HttpStatusCode? status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => Auth,
        HttpStatusCode.NotFound => NotFound,
        HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity => InvalidRequest,
        _ => Failure,
    };

    /// <summary>The lines of <c>lightning --help</c> that document these codes.</summary>
    public static IReadOnlyList<(string Code, string Meaning)> Documented { get; } =
    [
        ("0", "success"),
        ("1", "action or collaboration failed, or another failure"),
        ("2", "usage error (bad arguments)"),
        ("3", "server unreachable"),
        ("4", "authentication or permission refused (401/403)"),
        ("5", "not found (404)"),
        ("6", "invalid request (400/409/422)"),
        ("7", "database unavailable (serve)"),
        ("8", "action timed out"),
        ("130", "cancelled (Ctrl+C)"),
        ("other", "actions run: the remote command's own exit code"),
    ];
}
