using Microsoft.Net.Http.Headers;

namespace Lightning.Server.Hosting;

/// <summary>
/// Lets a POST, PUT or PATCH without a body reach an API route whose JSON body is optional (<c>.../approve</c>,
/// <c>.../fetch</c>, <c>.../merge</c>). Routing matches JSON routes by Content-Type, and a body-less request has none:
/// without this, the route was skipped and the dashboard's fallback answered 404. An empty request is given
/// <c>application/json</c>, so it reaches its route, which binds no body (or answers 400 when the body is required).
/// </summary>
internal static class BodylessApiRequests
{
    public static Task MarkAsJsonAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            && string.IsNullOrEmpty(request.ContentType)
            && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && (request.ContentLength == 0 || (request.ContentLength is null && !request.Headers.ContainsKey(HeaderNames.TransferEncoding))))
        {
            request.ContentType = "application/json";
        }

        return next(context);
    }
}
