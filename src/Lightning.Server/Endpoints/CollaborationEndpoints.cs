using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Lightning.Collaboration.Execution;
using Lightning.Collaboration.Planning;
using Lightning.Collaboration.Tasks;
using Lightning.Server.Auth;
using Lightning.Server.WebSockets;
using Microsoft.AspNetCore.Http.HttpResults;
using Lightning.Core.Serialization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Lightning.Server.Endpoints;

/// <summary>
/// Multi-agent collaborations: submit a complex task (JSON or YAML), follow it, decide its approval gates, cancel it,
/// read its event log and the engine's metrics.
/// </summary>
public static class CollaborationEndpoints
{
    const int MaxLimit = 500;

    internal static readonly string[] JsonTypes = ["application/json", "text/json"];

    static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"];

    /// <summary>The status names as the API writes them, for the messages that list them.</summary>
    static readonly string[] StatusNames = [.. Enum.GetValues<CollaborationStatus>().Select(Kebab)];

    public static RouteGroupBuilder MapCollaborationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/collaborate").WithTags("Collaboration").RequireAuthorization(LightningClaims.Policies.Viewer);
        // Bodies are read by hand, so describe them to OpenAPI only: Accepts metadata would also filter routing by
        // content type, and a mismatch would fall through to the dashboard's 404 instead of a 415 that says what to send.
        Body<ComplexTask>(group.MapPost("/submit", SubmitAsync), required: true, [.. JsonTypes.Take(1), .. YamlTypes])
            .WithSummary("Submit a complex task (JSON, or YAML with Content-Type application/yaml)")
            .RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/status/{taskId}", GetStatusAsync).WithSummary("A collaboration with each subtask's state");
        group.MapGet("/agents/{taskId}", GetAgentsAsync).WithSummary("The agents that took part in a collaboration, with their share");
        group.MapGet("/history", ListAsync).WithSummary("Collaboration history, newest first");
        group.MapGet("/metrics", GetMetricsAsync).WithSummary("Throughput, success rates and latency, overall and per agent");
        group.MapPost("/{taskId}/cancel", CancelAsync).WithSummary("Cancel a running collaboration").RequireAuthorization(LightningClaims.Policies.Operator);
        Body<CollaborationDecisionRequest>(group.MapPost("/{taskId}/subtasks/{subtaskId}/approve", ApproveAsync), required: false, [.. JsonTypes.Take(1)])
            .WithSummary("Approve a subtask waiting at its approval gate; optional body {comment}").RequireAuthorization(LightningClaims.Policies.Operator);
        Body<CollaborationDecisionRequest>(group.MapPost("/{taskId}/subtasks/{subtaskId}/reject", RejectAsync), required: false, [.. JsonTypes.Take(1)])
            .WithSummary("Reject a subtask waiting at its approval gate; optional body {comment}").RequireAuthorization(LightningClaims.Policies.Operator);
        group.MapGet("/{taskId}/events", GetEventsAsync).WithSummary("The recorded events of a collaboration, oldest first");
        group.MapGet("/{taskId}/ws", CollaborationStreamSocket.StreamAsync).WithSummary("Live events of a collaboration over a WebSocket");
        group.MapReplayEndpoints();
        return group;
    }

    static async Task<Results<Accepted<CollaborationView>, ProblemHttpResult>> SubmitAsync(
        HttpRequest request, ICollaborationService collaborations, IOptions<CollaborationOptions> options, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        // Read by hand rather than bound: the same strict reader (unknown fields rejected, with line and column) serves JSON and YAML.
        string? format = null;
        if (!string.IsNullOrEmpty(request.ContentType))
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var parsed) ? parsed.MediaType?.ToLowerInvariant() : null;
            if (mediaType is not null && (JsonTypes.Contains(mediaType, StringComparer.Ordinal) || mediaType.EndsWith("+json", StringComparison.Ordinal)))
            {
                format = "json";
            }
            else if (mediaType is not null && YamlTypes.Contains(mediaType, StringComparer.Ordinal))
            {
                format = "yaml";
            }
            else
            {
                return TypedResults.Problem($"Send the task as application/json or application/yaml, not '{request.ContentType}'.",
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.", type: "https://httpstatuses.io/415");
            }
        }

        // Bounded before it is read: a huge body must not fill memory, nor a huge plan the event log.
        var limit = options.Value.MaxTaskBytes;
        using var buffer = await RequestBody.ReadAtMostAsync(request, limit, cancellationToken);
        if (buffer is null)
        {
            return TooLarge(request.ContentLength, limit);
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var task = PlanDocument.ParseTask(text, format);
        var view = await collaborations.SubmitAsync(task, Caller(user), cancellationToken);
        return TypedResults.Accepted($"/api/v2/collaborate/status/{view.Id}", view);
    }

    static async Task<Results<Ok<CollaborationView>, ProblemHttpResult>> GetStatusAsync(
        string taskId, ICollaborationService collaborations, CancellationToken cancellationToken, bool outputs = true)
    {
        if (await collaborations.GetAsync(taskId, cancellationToken) is not { } view)
        {
            return NotFound(taskId);
        }

        return TypedResults.Ok(outputs ? view : view with { Subtasks = [.. view.Subtasks.Select(subtask => subtask with { Output = null })] });
    }

    static async Task<Results<Ok<IReadOnlyList<CollaborationAgentView>>, ProblemHttpResult>> GetAgentsAsync(
        string taskId, ICollaborationService collaborations, CancellationToken cancellationToken) =>
        await collaborations.AgentsAsync(taskId, cancellationToken) is { } agents ? TypedResults.Ok(agents) : NotFound(taskId);

    static async Task<Results<Ok<CollaborationPage>, ProblemHttpResult>> ListAsync(
        ICollaborationService collaborations, CancellationToken cancellationToken,
        string? status = null, string? submittedBy = null, string? before = null, int limit = 50)
    {
        CollaborationStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            var index = Array.IndexOf(StatusNames, status.Trim().ToLowerInvariant());
            if (index < 0)
            {
                return Problems.BadRequest($"Unknown status '{status}': use {string.Join(", ", StatusNames)}.");
            }

            parsed = Enum.GetValues<CollaborationStatus>()[index];
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"Limit must be between 1 and {MaxLimit}.");
        }

        return TypedResults.Ok(await collaborations.ListAsync(new CollaborationQuery(parsed, submittedBy, before, limit), cancellationToken));
    }

    static async Task<Ok<CollaborationMetrics>> GetMetricsAsync(ICollaborationService collaborations, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collaborations.MetricsAsync(cancellationToken));

    static async Task<Ok<CollaborationView>> CancelAsync(string taskId, ICollaborationService collaborations, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await collaborations.CancelAsync(taskId, Caller(user), cancellationToken));

    static Task<Ok<CollaborationView>> ApproveAsync(
        string taskId, string subtaskId, HttpRequest request, ICollaborationService collaborations, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        DecideAsync(taskId, subtaskId, approve: true, request, collaborations, user, cancellationToken);

    static Task<Ok<CollaborationView>> RejectAsync(
        string taskId, string subtaskId, HttpRequest request, ICollaborationService collaborations, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        DecideAsync(taskId, subtaskId, approve: false, request, collaborations, user, cancellationToken);

    static async Task<Ok<CollaborationView>> DecideAsync(
        string taskId, string subtaskId, bool approve, HttpRequest request, ICollaborationService collaborations, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var decision = await ReadOptionalJsonAsync<CollaborationDecisionRequest>(request, cancellationToken);
        var comment = string.IsNullOrWhiteSpace(decision?.Comment) ? null : decision.Comment.Trim();
        return TypedResults.Ok(await collaborations.DecideAsync(taskId, subtaskId, approve, Caller(user), comment, cancellationToken));
    }

    static async Task<Results<Ok<CollaborationEventPage>, ProblemHttpResult>> GetEventsAsync(
        string taskId, ICollaborationService collaborations, CancellationToken cancellationToken, long after = 0, int limit = 100)
    {
        if (after < 0)
        {
            return Problems.BadRequest("After must be a sequence number of 0 or more.");
        }

        if (limit is < 1 or > MaxLimit)
        {
            return Problems.BadRequest($"Limit must be between 1 and {MaxLimit}.");
        }

        if (await collaborations.EventsAsync(taskId, after, limit, cancellationToken) is not { } events)
        {
            return NotFound(taskId);
        }

        // A full page may have more after it; its last sequence is where the next one starts.
        return TypedResults.Ok(new CollaborationEventPage(events, events.Count == limit ? events[^1].Sequence : null));
    }

    /// <summary>An optional JSON body: none (or an empty one) is null; malformed JSON is the usual 400 that says where.</summary>
    internal static async Task<T?> ReadOptionalJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, LightningJson.Options);
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("The request body is not valid JSON.", ex);
        }
    }

    internal static RouteHandlerBuilder Body<T>(RouteHandlerBuilder builder, bool required, string[] mediaTypes) =>
        builder.AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = required,
                Content = mediaTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }, StringComparer.Ordinal),
            };
        });

    static ProblemHttpResult TooLarge(long? size, int limit) => TypedResults.Problem(
        $"The task is {(size is { } bytes ? $"{bytes:#,0} bytes" : "larger than the limit")}; the limit is {limit:#,0} bytes (Lightning:Collaboration:MaxTaskBytes). "
            + "Put large content in files the subtasks read, not in the plan.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Task too large.", type: "https://httpstatuses.io/413");

    internal static ProblemHttpResult NotFound(string taskId) => Problems.NotFound($"No collaboration with id '{taskId}'.");

    /// <summary>Who asks: the API key's name, recorded as submitter, canceller or approver.</summary>
    internal static string Caller(ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    static string Kebab(CollaborationStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());
}

/// <summary>The optional body of approve and reject: why, for the record.</summary>
internal sealed record CollaborationDecisionRequest(string? Comment);

/// <summary>A page of a collaboration's event log; <see cref="Next"/> is the <c>after</c> of the next page, or null at the end so far.</summary>
internal sealed record CollaborationEventPage(IReadOnlyList<CollaborationEvent> Items, long? Next);
