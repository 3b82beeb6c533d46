using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Auth;

/// <summary>
/// Reads the key from <c>Authorization: Bearer</c> or <c>X-Api-Key</c>; a browser WebSocket, which cannot set
/// headers, may pass it as <c>access_token</c> in the query. Failures answer with ProblemDetails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<AuthOptions> authOptions,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey();
        if (presented is null)
        {
            if (authOptions.Value.AllowAnonymousLoopback && Context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address))
            {
                return Success("local", "local", ApiKeyRole.Admin);
            }

            return AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            Log.AuthenticationFailed(Logger, Context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            return AuthenticateResult.Fail("The API key is invalid or revoked.");
        }

        return Success(key.Id, key.Name, key.Role);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await Context.AuthenticateAsync(Scheme.Name);
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            result.Failure?.Message ?? "An API key is required: send it as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'.");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        await WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", $"This API key's role ({role}) may not do this.");
    }

    Task WriteProblemAsync(int status, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" },
        }).AsTask();

    string? PresentedKey()
    {
        var authorization = Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        var header = Request.Headers["X-Api-Key"].ToString();
        if (header.Length > 0)
        {
            return header.Trim();
        }

        // InfluxDB clients (Telegraf, influx) send the key their own ways, on the InfluxDB-compatible paths only.
        if (Endpoints.MonitoringIngestEndpoints.InfluxClientKey(Request) is { } influxKey)
        {
            return influxKey;
        }

        return Context.WebSockets.IsWebSocketRequest && Request.Query.TryGetValue("access_token", out var token) ? token.ToString() : null;
    }

    AuthenticateResult Success(string keyId, string name, ApiKeyRole role)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(LightningClaims.KeyId, keyId),
                new Claim(ClaimTypes.Name, name),
                new Claim(ClaimTypes.Role, role.ToString().ToLowerInvariant()),
            ],
            Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}
