using Lightning.Git.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lightning.Git.Review;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="CodeReviewer"/> and, unless already there, <see cref="GitCli"/>. The LLM reviewer runs when an
    /// <c>IChatClient</c> is registered; without one the reviewer runs its rules only.
    /// </summary>
    public static IServiceCollection AddGitReview(this IServiceCollection services)
    {
        services.AddOptions<GitOptions>();
        services.TryAddSingleton<GitCli>();
        services.TryAddSingleton<CodeReviewer>();
        return services;
    }
}
