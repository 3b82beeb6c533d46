using Lightning.Core.Errors;

namespace Lightning.Git.Hosting.GitLab;

public sealed partial class GitLabClient
{
    /// <summary>
    /// The user with this username (case-insensitive, as GitLab matches it), or null when there is none. GitLab assigns
    /// and requests reviews by user id; this turns the names people use into ids.
    /// </summary>
    public async Task<GitLabUser?> FindUserAsync(string username, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(username))
        {
            throw new LightningException(ErrorKind.Invalid, "gitlab.invalid_argument", "A username is required.");
        }

        var users = await GetAsync<List<GitLabUser>>($"users{Query(("username", username.Trim()))}", cancellationToken);
        return users.FirstOrDefault(user => string.Equals(user.Username, username.Trim(), StringComparison.OrdinalIgnoreCase));
    }
}
