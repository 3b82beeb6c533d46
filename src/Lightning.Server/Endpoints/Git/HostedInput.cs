using Lightning.Core.Errors;
using Lightning.Git.Hosting.GitLab;

namespace Lightning.Server.Endpoints.Git;

/// <summary>
/// Input rules the hosted-repository routes share (pull requests, issues, pipelines, releases, provider settings), so
/// that one value is checked, and its error worded, the same way on every route.
/// </summary>
internal static class HostedInput
{
    const int MaxNames = 100;

    /// <summary>An id from a route: providers number from 1, so zero and negatives are a 400 naming the field.</summary>
    public static void RequirePositive(long id, string field = "id") =>
        new Validator().Require(id > 0, field, "An id is a positive whole number.").ThrowIfInvalid();

    /// <summary>A pull/merge request or issue number from the route: positive, and within GitHub's 32-bit numbers.</summary>
    public static int ChangeNumber(long number) =>
        number is > 0 and <= int.MaxValue
            ? (int)number
            : throw GitHostingEndpoints.Invalid("number", "A number is a positive whole number (as #12 or !12).");

    /// <summary><c>open</c> → true, <c>closed</c> → false, absent → null; anything else is a <c>state</c> error.</summary>
    public static bool? OpenOrClosed(Validator validator, string? state)
    {
        switch (state?.Trim().ToLowerInvariant())
        {
            case null:
                return null;
            case "open":
                return true;
            case "closed":
                return false;
            default:
                validator.Add("state", "The state is 'open' or 'closed'.");
                return null;
        }
    }

    /// <summary>GitHub's <c>state</c> for an <see cref="OpenOrClosed"/> answer.</summary>
    public static string? GitHubState(bool? open) => open switch { true => "open", false => "closed", null => null };

    /// <summary>GitLab's <c>state_event</c> for an <see cref="OpenOrClosed"/> answer.</summary>
    public static string? GitLabStateEvent(bool? open) => open switch { true => "reopen", false => "close", null => null };

    /// <summary>Usernames, slugs or labels from a body: trimmed, none empty, at most <see cref="MaxNames"/>.</summary>
    public static IReadOnlyList<string> Names(Validator validator, string field, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return [];
        }

        validator.Require(values.Count <= MaxNames, field, $"Give at most {MaxNames}.");
        validator.Require(values.All(value => !string.IsNullOrWhiteSpace(value)), field, "Names cannot be empty.");
        return values.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value.Trim()).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>GitLab user ids for usernames; an unknown username is a 400 naming <paramref name="field"/>, before anything changes.</summary>
    public static async Task<IReadOnlyList<long>> GitLabUserIdsAsync(
        GitLabClient gitlab, string field, IReadOnlyList<string> usernames, CancellationToken cancellationToken)
    {
        var ids = new List<long>(usernames.Count);
        var unknown = new List<string>();
        foreach (var username in usernames)
        {
            if (await gitlab.FindUserAsync(username, cancellationToken) is { } user)
            {
                ids.Add(user.Id);
            }
            else
            {
                unknown.Add(username);
            }
        }

        return unknown.Count == 0 ? ids : throw GitHostingEndpoints.Invalid(field, $"GitLab has no user named {string.Join(", ", unknown)}.");
    }

    /// <summary>A ref, tag or commit-ish: one line without spaces or control characters, at most <paramref name="maxLength"/> once trimmed.</summary>
    public static bool IsOneLine(string? value, int maxLength = 255) =>
        !string.IsNullOrWhiteSpace(value) && value.Trim().Length <= maxLength && !value.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}
