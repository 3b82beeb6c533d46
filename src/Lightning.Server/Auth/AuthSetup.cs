using Lightning.Core.Storage;
using Lightning.Server.Persistence;
using Microsoft.AspNetCore.Authentication;

namespace Lightning.Server.Auth;

public static class AuthSetup
{
    public static IServiceCollection AddLightningAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        services.AddLightningDbContext<ServerDbContext, SqliteServerDbContext, PostgresServerDbContext>();
        services.AddSingleton<ApiKeyStore>();
        services.AddAuthentication(LightningClaims.Scheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(LightningClaims.Scheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(LightningClaims.Policies.Viewer, policy => policy.RequireAuthenticatedUser())
            .AddPolicy(LightningClaims.Policies.Operator, policy => policy.RequireRole("operator", "admin"))
            .AddPolicy(LightningClaims.Policies.Admin, policy => policy.RequireRole("admin"));
        return services;
    }
}
