using Lightning.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lightning.Core.Secrets;

public static class SecretsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ISecretProtector"/> (AES-256-GCM) keyed from <c>Lightning:SecretKey</c> or, when that is not
    /// set, from <c>secret.key</c> in <c>Lightning:DataDirectory</c>, read or created on the first protect/unprotect.
    /// </summary>
    public static IServiceCollection AddLightningSecrets(this IServiceCollection services)
    {
        services.AddSingleton<ISecretProtector>(provider =>
        {
            var configuration = provider.GetRequiredService<IConfiguration>();
            var options = provider.GetRequiredService<IOptions<LightningOptions>>();
            return new AesGcmSecretProtector(() =>
                SecretKeyStore.Resolve(configuration[SecretKeyStore.ConfigurationKey], options.Value.DataPath()));
        });
        return services;
    }
}
