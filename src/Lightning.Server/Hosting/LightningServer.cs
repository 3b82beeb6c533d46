using System.Threading.RateLimiting;
using Lightning.Agents;
using Lightning.Collaboration;
using Lightning.Core.Diagnostics;
using Lightning.Core.Errors;
using Lightning.Core.Serialization;
using Lightning.Core.Storage;
using Lightning.Git;
using Lightning.Git.Hosting.Webhooks;
using Lightning.Monitoring;
using Lightning.Monitoring.Storage.Influx;
using Lightning.Testing;
using Lightning.Testing.History;
using Lightning.Server.Git;
using Lightning.Server.Auth;
using Lightning.Server.Bus;
using Lightning.Server.Dashboard;
using Lightning.Server.Endpoints;
using Lightning.Server.Endpoints.Monitoring;
using Lightning.Server.ErrorHandling;
using Lightning.Server.Monitoring;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.OpenApi;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Lightning.Server.Hosting;

/// <summary>Builds and runs the platform's server. <c>lightning serve</c> and the server's own entry point both come here.</summary>
public static class LightningServer
{
    public const string DefaultUrl = "http://127.0.0.1:5250";

    /// <summary>Exit codes of <see cref="RunAsync"/>, shared with the CLI's.</summary>
    public const int ExitOk = 0;
    public const int ExitStartFailed = 1;
    public const int ExitDatabaseUnavailable = 7;

    public static WebApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        // LIGHTNING_DATA names the data directory; a command-line option still wins.
        if (Environment.GetEnvironmentVariable("LIGHTNING_DATA") is { Length: > 0 } data)
        {
            builder.Configuration.AddInMemoryCollection([new("Lightning:DataDirectory", data)]);
            builder.Configuration.AddCommandLine(args);
        }

        if (builder.Configuration["urls"] is null && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        ConfigureServices(builder.Services);
        // Registered last so that, when configuration asks for InfluxDB, it replaces the embedded store as IMetricStore.
        builder.Services.AddInfluxMetricStore(builder.Configuration);
        builder.Services.AddMonitoringLive();
        return builder;
    }

    public static void ConfigureServices(IServiceCollection services)
    {
        services.AddOptions<LightningOptions>().BindConfiguration(LightningOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();

        // Bootstrap first: hosted services start in order, and everything else needs the migrated database.
        services.AddHostedService<PlatformBootstrap>();
        services.AddLightningAgents();
        services.AddLightningCollaboration();
        services.AddLightningCollaborationBus();
        services.AddLightningGit();
        services.AddOptions<GitTriggerOptions>().BindConfiguration(GitTriggerOptions.SectionName);
        services.AddSingleton<IGitEventSink, CollaborationTriggerSink>();
        services.AddLightningTesting();
        services.AddLightningTestingTools();
        services.AddLightningMonitoring();
        services.AddMonitoringOperations();
        services.AddSingleton<Lightning.Monitoring.Events.IPlatformEventSource, Monitoring.CollaborationEventSource>();
        services.AddLightningAuth();
        services.AddLightningHealthChecks();

        services.ConfigureHttpJsonOptions(options => LightningJson.Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions.TryAdd("traceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<LightningExceptionHandler>();
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Agent Lightning API";
            document.Info.Description = "Agents, actions and keys. Authenticate with 'Authorization: Bearer <API key>'.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
            {
                ["ApiKey"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "An API key created with `lightning keys create` (the first one is printed at first start).",
                },
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] }];
            return Task.CompletedTask;
        }));
        services.AddRateLimiter(ConfigureRateLimiting);

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("lightning", serviceVersion: StatusEndpoints.Version))
            .WithTracing(tracing => tracing.AddSource(LightningTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(LightningTelemetry.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        // Export only when an OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT), as the OpenTelemetry spec says.
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            services.AddOpenTelemetry().UseOtlpExporter();
        }
    }

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        // Before routing (which then runs first, as it would implicitly), so body-less requests match their JSON routes.
        app.Use(BodylessApiRequests.MarkAsJsonAsync);
        app.UseRouting();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebSockets();
        app.UseLightningDashboard();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapOpenApi().DisableRateLimiting();
        app.MapScalarApiReference(options => options.WithTitle("Agent Lightning API")).DisableRateLimiting();
        app.MapLightningHealthChecks();
        app.MapStatusEndpoints();
        app.MapAgentsEndpoints();
        app.MapActionsEndpoints();
        app.MapCollaborationEndpoints();
        app.MapBlackboardEndpoints();
        app.MapDeadLetterEndpoints();
        app.MapMessageEndpoints();
        app.MapKeysEndpoints();
        app.MapGitEndpoints();
        app.MapTestingEndpoints();
        app.MapMonitoringEndpoints();
        app.MapMonitoringIngestEndpoints();
        app.MapMonitoringAlertEndpoints();
        app.MapMonitoringOperationsEndpoints();
        app.MapMonitoringLiveEndpoints();
        app.MapMonitoringAnalysisEndpoints();
        return app;
    }

    /// <summary>Runs until stopped. A database that cannot be reached at start is one clear line and a non-zero exit.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        WebApplication app;
        try
        {
            app = Build(CreateBuilder(args));
        }
        catch (Exception ex) when (ex is InvalidOperationException or LightningException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            await error.WriteLineAsync($"error: cannot start the server: {ex.Message}");
            return ExitStartFailed;
        }

        await using (app)
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));
            try
            {
                await app.RunAsync();
                return ExitOk;
            }
            catch (LightningException ex) when (ex.Code == "database.unavailable")
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return ExitDatabaseUnavailable;
            }
            catch (Exception ex) when (ex is LightningException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                await error.WriteLineAsync($"error: cannot start the server: {ex.Message}");
                return ExitStartFailed;
            }
        }
    }

    static void PrintWelcome(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? DefaultUrl;
        Console.WriteLine($"Agent Lightning is running.\n  Dashboard: {url}/\n  API docs:  {url}/scalar\n  Data:      {app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LightningOptions>>().Value.DataPath()}\nPress Ctrl+C to stop.");
    }

    static void ConfigureRateLimiting(Microsoft.AspNetCore.RateLimiting.RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var settings = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<RateLimitOptions>>().Value;
            // One bucket per API key; requests without one share a bucket per address.
            var partition = context.User.FindFirst(LightningClaims.KeyId)?.Value ?? "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.Burst,
                TokensPerPeriod = settings.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
        options.OnRejected = async (context, cancellationToken) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = "This API key has used its request budget; retry after the time in Retry-After." },
            });
        };
    }
}
