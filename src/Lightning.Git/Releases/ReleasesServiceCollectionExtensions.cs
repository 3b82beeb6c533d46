using Lightning.Git.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Releases;

public static class ReleasesServiceCollectionExtensions
{
    /// <summary>
    /// Registers releases: <see cref="ReleasePlanner"/>, <see cref="NextVersionCalculator"/>, <see cref="ChangelogGenerator"/>,
    /// <see cref="CommitMessageGenerator"/> (which uses an <c>IChatClient</c> for bodies when one is registered), bound to
    /// <c>Lightning:Git:Releases</c>. <see cref="GitCli"/> and <see cref="TimeProvider"/> are added only if missing.
    /// </summary>
    public static IServiceCollection AddGitReleases(this IServiceCollection services)
    {
        services.AddOptions<ReleaseOptions>().BindConfiguration(ReleaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<GitOptions>();
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReleaseHistoryReader>();
        services.TryAddSingleton<NextVersionCalculator>();
        services.TryAddSingleton<ChangelogGenerator>();
        services.TryAddSingleton<CommitMessageGenerator>();
        services.TryAddSingleton<ReleasePlanner>();
        return services;
    }
}
