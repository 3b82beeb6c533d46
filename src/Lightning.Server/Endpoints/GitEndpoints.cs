using System.Security.Claims;
using Lightning.Core.Errors;
using Lightning.Git.Registry;
using Lightning.Server.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary><c>/api/v2/git</c>: the repositories the platform knows by name. Every other git route names one of them.</summary>
public static partial class GitEndpoints
{
    public static RouteGroupBuilder MapGitEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/git").WithTags("Git").RequireAuthorization(LightningClaims.Policies.Viewer);
        group.MapGet("/repositories", ListAsync).WithSummary("List registered repositories");
        group.MapGet("/repositories/{name}", GetAsync).WithSummary("Show one registered repository");
        group.MapPost("/repositories", RegisterAsync)
            .WithSummary("Register a repository: clone a URL into the data directory (operator), or an existing directory on the server (admin)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapDelete("/repositories/{name}", RemoveAsync)
            .WithSummary("Forget a repository (a clone the platform made is deleted; a registered directory is left alone)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGitRepositoryOperations();
        group.MapGitHostingEndpoints();
        app.MapGitWebhookEndpoints();
        return group;
    }

    static async Task<Ok<IReadOnlyList<RepositoryView>>> ListAsync(GitRepositoryRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(cancellationToken));

    static async Task<Ok<RepositoryView>> GetAsync(string name, GitRepositoryRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.GetAsync(name, cancellationToken));

    static async Task<Created<RepositoryView>> RegisterAsync(
        RepositoryRegistration registration, GitRepositoryRegistry registry, HostingConnectionStore connections, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);

        // A named connection must exist (404 git.connection_not_found otherwise); a clone over HTTPS uses its token.
        var token = registration.Connection is { } connection ? await connections.TokenAsync(connection, cancellationToken) : null;
        RepositoryView repository;
        if (registration.Path is not null)
        {
            // A path names a directory on the server's disk: only an admin may point the platform at one.
            if (!user.IsInRole("admin"))
            {
                throw new LightningException(ErrorKind.Invalid, "git.path_needs_admin",
                    "Registering an existing directory on the server needs an admin key; operators register by cloneUrl.");
            }

            repository = await registry.RegisterPathAsync(registration, CollaborationEndpoints.Caller(user), cancellationToken);
        }
        else
        {
            repository = await registry.RegisterCloneAsync(
                registration, CollaborationEndpoints.Caller(user), mayReadServerPaths: user.IsInRole("admin"), token, cancellationToken);
        }

        return TypedResults.Created($"/api/v2/git/repositories/{repository.Name}", repository);
    }

    static async Task<NoContent> RemoveAsync(string name, GitRepositoryRegistry registry, CancellationToken cancellationToken)
    {
        await registry.RemoveAsync(name, cancellationToken);
        return TypedResults.NoContent();
    }
}
