using Microsoft.Extensions.FileProviders;

namespace Lightning.Server.Dashboard;

/// <summary>Serves the built web dashboard at <c>/</c>, with client-side routes falling back to its index page.</summary>
public static class DashboardSetup
{
    /// <summary><c>Lightning:Dashboard:Path</c>; by default the <c>wwwroot</c> folder beside the server.</summary>
    public static string PathFrom(IConfiguration configuration) =>
        configuration["Lightning:Dashboard:Path"] is { Length: > 0 } path ? System.IO.Path.GetFullPath(path) : System.IO.Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public static void UseLightningDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = PathFrom(app.Configuration);
        var index = System.IO.Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            Log.DashboardMissing(app.Logger, index);
            app.MapGet("/", () => Results.Problem(
                "The dashboard is not built. Run scripts/start.sh, which builds web/ and starts the server; the API works without it.",
                statusCode: StatusCodes.Status404NotFound, title: "Dashboard not built.")).ExcludeFromDescription();
            return;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Built assets have content hashes in their names and never change; the index must be revalidated after an upgrade.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache",
        });
        // Client-side routes (/agents, /actions/...) load the app; unknown API paths still answer 404 ProblemDetails.
        app.MapFallback(async context =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await Results.Problem($"No endpoint at {path}.", statusCode: 404, title: "Not found.").ExecuteAsync(context);
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
        }).ExcludeFromDescription();
    }
}
