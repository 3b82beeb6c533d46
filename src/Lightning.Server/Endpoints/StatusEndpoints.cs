using System.Reflection;
using System.Security.Claims;
using Lightning.Agents.Actions;
using Lightning.Agents.Llm;
using Lightning.Agents.Registry;
using Lightning.Core.Storage;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Lightning.Server.Endpoints;

public sealed record PlatformStatus(
    string Version,
    DateTimeOffset StartedAt,
    string Database,
    AgentCounts Agents,
    int RunningActions,
    ModelStatus Model,
    Caller Caller);

public sealed record AgentCounts(int Total, int Idle, int Busy, int Offline);

public sealed record ModelStatus(bool Configured, string? Name);

public sealed record Caller(string Name, string Role);

public static class StatusEndpoints
{
    static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public static string Version { get; } =
        typeof(StatusEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static void MapStatusEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/v2/status", GetAsync).WithTags("Status").WithSummary("Platform overview: version, database, agents, model, caller")
            .RequireAuthorization(LightningClaims.Policies.Viewer);

    static async Task<Ok<PlatformStatus>> GetAsync(
        AgentRegistry registry, ChatModel model, IOptions<LightningOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var agents = await registry.ListAsync(cancellationToken);
        var counts = new AgentCounts(agents.Count,
            agents.Count(a => a.Status == AgentStatus.Idle),
            agents.Count(a => a.Status == AgentStatus.Busy),
            agents.Count(a => a.Status == AgentStatus.Offline));
        return TypedResults.Ok(new PlatformStatus(
            Version,
            StartedAt,
            options.Value.Database.Provider.ToString().ToLowerInvariant(),
            counts,
            agents.Sum(a => a.RunningActions),
            new ModelStatus(model.IsConfigured, model.ModelName),
            new Caller(user.Identity?.Name ?? "unknown", user.FindFirstValue(ClaimTypes.Role) ?? "none")));
    }
}
