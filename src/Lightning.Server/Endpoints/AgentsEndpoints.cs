using Lightning.Agents.Registry;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

public static class AgentsEndpoints
{
    public static RouteGroupBuilder MapAgentsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/agents").WithTags("Agents").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("/", ListAsync).WithSummary("List agents with their live status");
        group.MapGet("/{name}", GetAsync).WithSummary("Show one agent");
        group.MapPost("/", RegisterAsync).WithSummary("Register an agent").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPut("/{name}", UpdateAsync).WithSummary("Update an agent").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/{name}", RemoveAsync).WithSummary("Remove an agent").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapPost("/{name}/heartbeat", HeartbeatAsync).WithSummary("Record a heartbeat from an agent's worker").RequireAuthorization(LightningClaims.Policies.Operator);
        return group;
    }

    static async Task<Ok<IReadOnlyList<AgentView>>> ListAsync(AgentRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(cancellationToken));

    static async Task<Results<Ok<AgentView>, ProblemHttpResult>> GetAsync(string name, AgentRegistry registry, CancellationToken cancellationToken) =>
        await registry.FindAsync(name, cancellationToken) is { } agent
            ? TypedResults.Ok(agent)
            : Problems.NotFound($"No agent named '{name}'.");

    static async Task<Created<AgentView>> RegisterAsync(AgentRegistration registration, AgentRegistry registry, CancellationToken cancellationToken)
    {
        var agent = await registry.RegisterAsync(registration, cancellationToken);
        return TypedResults.Created($"/api/v2/agents/{agent.Name}", agent);
    }

    static async Task<Ok<AgentView>> UpdateAsync(string name, AgentRegistration registration, AgentRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.UpdateAsync(name, registration, cancellationToken));

    static async Task<NoContent> RemoveAsync(string name, AgentRegistry registry, CancellationToken cancellationToken)
    {
        await registry.RemoveAsync(name, cancellationToken);
        return TypedResults.NoContent();
    }

    static async Task<Ok<AgentView>> HeartbeatAsync(string name, AgentRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.HeartbeatAsync(name, cancellationToken));
}
