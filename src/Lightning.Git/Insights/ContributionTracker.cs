using System.Diagnostics;
using System.Text.RegularExpressions;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Git.Insights;

/// <summary>
/// Per-person contributions from one streaming pass over <c>git log --numstat</c> with the commit trailers, plus
/// reviews the caller knows from the hosting provider.
/// </summary>
public sealed partial class ContributionTracker(GitCli git, ILogger<ContributionTracker>? logger = null)
{
    const int MailmapBatch = 100;
    readonly GitLogReader _reader = new(git);
    readonly ILogger _logger = logger ?? NullLogger<ContributionTracker>.Instance;

    /// <summary>Everyone who authored, reviewed or co-authored in the selected history, most commits first.</summary>
    public async Task<IReadOnlyList<Contribution>> TrackAsync(string repositoryPath, ContributionOptions? options, CancellationToken cancellationToken)
    {
        options ??= new ContributionOptions();
        var stopwatch = Stopwatch.StartNew();
        var people = new People();
        var trailers = new List<(string Key, string Contact, DateTimeOffset When)>();
        var commits = 0;
        await _reader.ReadAsync(repositoryPath, options.Filter ?? new HistoryFilter(), detectRenames: false, withTrailers: true, commit =>
        {
            commits++;
            var person = people.Get(commit.AuthorName, commit.AuthorEmail);
            person.Activity(commit.AuthorTime);
            if (commit.IsMerge)
            {
                person.Merges++;
            }
            else
            {
                person.Commits++;
                foreach (var file in commit.Files)
                {
                    person.Added += file.Added;
                    person.Removed += file.Removed;
                    person.Files.Add(file.Path);
                }
            }

            foreach (var trailer in commit.Trailers)
            {
                var colon = trailer.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && Kind(trailer[..colon].Trim()) is { } kind && trailer[(colon + 1)..].Trim() is { Length: > 0 } contact)
                {
                    trailers.Add((kind, contact, commit.AuthorTime));
                }
            }
        }, cancellationToken);

        var canonical = await MailmapAsync(RepositoryPaths.Root(repositoryPath), trailers.Select(trailer => trailer.Contact), cancellationToken);
        foreach (var (kind, contact, when) in trailers)
        {
            var (name, email) = Parse(canonical.GetValueOrDefault(contact, contact));
            var person = people.Get(name, email);
            person.Activity(when);
            if (string.Equals(kind, "co-author", StringComparison.Ordinal))
            {
                person.CoAuthored++;
            }
            else
            {
                person.TrailerReviews++;
            }
        }

        foreach (var review in options.ProviderReviews ?? [])
        {
            people.Get(review.Name, review.Email ?? string.Empty).ProviderReviews += review.Reviews;
        }

        var result = people.All
            .Select(person => new Contribution(
                person.Name, person.Email, person.Commits, person.Merges, person.Added, person.Removed, person.Files.Count,
                person.First, person.Last, person.Days.Count, person.TrailerReviews, person.ProviderReviews, person.CoAuthored))
            .OrderByDescending(contribution => contribution.Commits)
            .ThenByDescending(contribution => contribution.Reviews)
            .ThenBy(contribution => contribution.Name, StringComparer.Ordinal)
            .ToList();
        InsightsLog.ContributionsCounted(_logger, result.Count, commits, stopwatch.Elapsed);
        return result;
    }

    /// <summary>Trailer keys are case-insensitive (git interpret-trailers); the ones that name a reviewer or a co-author.</summary>
    static string? Kind(string key) =>
        string.Equals(key, "Reviewed-by", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "Approved-by", StringComparison.OrdinalIgnoreCase)
            ? "review"
            : string.Equals(key, "Co-authored-by", StringComparison.OrdinalIgnoreCase) ? "co-author" : null;

    internal static (string Name, string Email) Parse(string contact)
    {
        var match = ContactPattern().Match(contact);
        return match.Success ? (match.Groups["name"].Value.Trim(), match.Groups["email"].Value) : (contact.Trim(), string.Empty);
    }

    /// <summary>
    /// Trailers are written by people, not by git, so the mailmap is not applied to them: <c>git check-mailmap</c> maps
    /// each distinct <c>Name &lt;email&gt;</c> (in batches, one process per hundred contacts).
    /// </summary>
    async Task<Dictionary<string, string>> MailmapAsync(string root, IEnumerable<string> contacts, CancellationToken cancellationToken)
    {
        var mapped = new Dictionary<string, string>(StringComparer.Ordinal);
        var distinct = contacts.Distinct(StringComparer.Ordinal).Where(contact => !contact.StartsWith('-') && ContactPattern().IsMatch(contact)).ToList();
        foreach (var batch in distinct.Chunk(MailmapBatch))
        {
            var result = await git.RunAsync(root, ["check-mailmap", .. batch], cancellationToken);
            var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < batch.Length && i < lines.Length; i++)
            {
                mapped[batch[i]] = lines[i].Trim();
            }
        }

        return mapped;
    }

    [GeneratedRegex(@"^(?<name>[^<>]*)<(?<email>[^<>\s]+)>\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ContactPattern();

    sealed class Person(string name, string email)
    {
        public string Name { get; set; } = name;
        public string Email { get; set; } = email;
        public int Commits;
        public int Merges;
        public int Added;
        public int Removed;
        public int TrailerReviews;
        public int ProviderReviews;
        public int CoAuthored;
        public DateTimeOffset? First;
        public DateTimeOffset? Last;
        public HashSet<string> Files { get; } = new(StringComparer.Ordinal);
        public HashSet<DateOnly> Days { get; } = [];

        public void Activity(DateTimeOffset when)
        {
            First = First is { } first && first <= when ? first : when;
            Last = Last is { } last && last >= when ? last : when;
            Days.Add(DateOnly.FromDateTime(when.UtcDateTime));
        }
    }

    sealed class People
    {
        readonly Dictionary<string, Person> _byKey = new(StringComparer.Ordinal);

        public IEnumerable<Person> All => _byKey.Values;

        public Person Get(string name, string email)
        {
            if (email.Length == 0
                && _byKey.Values.FirstOrDefault(known => string.Equals(known.Name, name, StringComparison.OrdinalIgnoreCase)) is { } named)
            {
                // A reviewer named without an e-mail is the author of that name, if there is one.
                return named;
            }

            var key = email.Length > 0 ? "e:" + email.ToUpperInvariant() : "n:" + name.ToUpperInvariant();
            if (!_byKey.TryGetValue(key, out var person))
            {
                _byKey[key] = person = new Person(name, email);
            }

            return person;
        }
    }
}
