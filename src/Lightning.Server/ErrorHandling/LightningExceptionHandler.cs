using System.Text.Json;
using Lightning.Core.Errors;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Lightning.Server.ErrorHandling;

/// <summary>
/// Turns every exception into ProblemDetails: expected failures with their own message and status, malformed
/// requests as 400 with what was wrong, anything else as a 500 that reveals nothing outside Development.
/// </summary>
public sealed class LightningExceptionHandler(IProblemDetailsService problems, IHostEnvironment environment, ILogger<LightningExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ProblemDetails problem = exception switch
        {
            ValidationFailedException validation => new HttpValidationProblemDetails(validation.Errors.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is invalid.",
                Detail = validation.Message,
            },
            LightningException known => new ProblemDetails
            {
                Status = StatusOf(known.Kind),
                Title = TitleOf(known.Kind),
                Detail = known.Message,
                Extensions = { ["code"] = known.Code },
            },
            BadHttpRequestException { InnerException: JsonException json } => Malformed(json),
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request is malformed.",
                Detail = bad.Message,
            },
            _ => Unexpected(httpContext, exception),
        };
        problem.Type ??= $"https://httpstatuses.io/{problem.Status}";
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    static HttpValidationProblemDetails Malformed(JsonException json)
    {
        var (field, message) = JsonErrorDescriber.Describe(json);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is malformed.",
            Detail = message,
        };
    }

    ProblemDetails Unexpected(HttpContext httpContext, Exception exception)
    {
        Log.UnhandledException(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        return new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Title = "An unexpected error occurred.",
            Detail = environment.IsDevelopment() ? exception.ToString() : "The error was logged; quote the trace id when reporting it.",
        };
    }

    internal static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorKind.Upstream => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status400BadRequest,
    };

    static string TitleOf(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "Not found.",
        ErrorKind.Conflict => "Conflict.",
        ErrorKind.Unavailable => "A dependency is unavailable.",
        ErrorKind.RateLimited => "An upstream service is rate limiting requests.",
        ErrorKind.Upstream => "An upstream service refused the request.",
        _ => "The request is invalid.",
    };
}
