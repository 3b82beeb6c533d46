using System.Security.Claims;
using Lightning.Monitoring.Analysis.RootCause;
using Lightning.Monitoring.Events;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

public static class KeysEndpoints
{
    public static RouteGroupBuilder MapKeysEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/keys").WithTags("API keys").RequireAuthorization(LightningClaims.Policies.Admin);
        group.MapGet("/", ListAsync).WithSummary("List API keys (never their secrets)");
        group.MapPost("/", CreateAsync).WithSummary("Create an API key; the key is in this response only");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an API key");
        return group;
    }

    static async Task<Ok<IReadOnlyList<ApiKeyView>>> ListAsync(ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    static async Task<Created<CreatedApiKey>> CreateAsync(CreateApiKeyRequest request, ApiKeyStore keys, PlatformEventStore events, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(request.Name, request.Role, user.Identity?.Name ?? "unknown", cancellationToken);
        await RecordAsync(events, created.ApiKey, "created", user, cancellationToken);
        return TypedResults.Created($"/api/v2/keys/{created.ApiKey.Id}", created);
    }

    static async Task<Ok<ApiKeyView>> RevokeAsync(string id, ApiKeyStore keys, PlatformEventStore events, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var revoked = await keys.RevokeAsync(id, cancellationToken);
        await RecordAsync(events, revoked, "revoked", user, cancellationToken);
        return TypedResults.Ok(revoked);
    }

    /// <summary>A key created or revoked is a configuration change root-cause hints may point at (never the key itself).</summary>
    static Task<PlatformEventEntry> RecordAsync(PlatformEventStore events, ApiKeyView key, string what, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        events.RecordAsync(new PlatformEventRequest(PlatformEventKinds.ConfigChange, $"API key '{key.Name}' ({key.Role.ToString().ToLowerInvariant()}) {what}",
            Labels: new Dictionary<string, string> { ["component"] = "api-key", ["key"] = key.Id }), CollaborationEndpoints.Caller(user), PlatformEventSources.Keys, cancellationToken);
}
