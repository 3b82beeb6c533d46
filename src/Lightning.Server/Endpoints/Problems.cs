using Microsoft.AspNetCore.Http.HttpResults;

namespace Lightning.Server.Endpoints;

/// <summary>Typed ProblemDetails results for the expected failures endpoints return directly.</summary>
public static class Problems
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.", type: "https://httpstatuses.io/404");

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid.", type: "https://httpstatuses.io/400");
}
