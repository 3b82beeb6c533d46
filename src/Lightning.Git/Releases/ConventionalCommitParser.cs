using System.Text.RegularExpressions;

namespace Lightning.Git.Releases;

/// <summary>
/// Parses commit messages by Conventional Commits 1.0.0 (https://www.conventionalcommits.org/en/v1.0.0/):
/// <c>type(scope)!: description</c>, a body one blank line later, then footers (<c>Token: value</c> or
/// <c>Token #value</c>, multi-line values). Types and tokens are case-insensitive except <c>BREAKING CHANGE</c> and
/// <c>BREAKING-CHANGE</c>, which must be uppercase. A message that breaks a rule is reported with the rule it broke.
/// </summary>
/// <remarks>
/// Where the specification leaves room, these choices hold: the type is a word of letters, digits, <c>-</c> and
/// <c>_</c> beginning with a letter; the scope is one noun without whitespace or parentheses; the footers begin at the
/// first paragraph (after the header) whose first line is a footer (<c>Token: </c> / <c>Token #</c>), as git trailers
/// do, and every later line that starts a footer ends the value before it.
/// </remarks>
public static partial class ConventionalCommitParser
{
    internal const string BreakingChangeToken = "BREAKING CHANGE";
    internal const string BreakingChangeHyphenToken = "BREAKING-CHANGE";

    /// <summary>Parses <paramref name="message"/>; never throws for a malformed message.</summary>
    public static ConventionalCommitParseResult Parse(string? message) => Parse(message, gitCliffCompatible: false);

    /// <summary>
    /// Parses as git-cliff (through the git-conventional crate) does, which is more lenient than the specification:
    /// no or several spaces after the colon, whitespace in the scope, any non-space type (<c>1feat</c>, <c>feat.x</c>),
    /// and <c>BREAKING CHANGE #x</c> as a breaking footer. Only the git-cliff-compatible changelog uses it.
    /// </summary>
    internal static ConventionalCommitParseResult ParseLikeGitCliff(string? message) => Parse(message, gitCliffCompatible: true);

    static ConventionalCommitParseResult Parse(string? message, bool gitCliffCompatible)
    {
        var text = (message ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
        if (text.Length == 0)
        {
            return Invalid("the message is empty");
        }

        var lines = text.Split('\n');
        var header = lines[0];
        var headerResult = ParseHeader(header, gitCliffCompatible, out var type, out var scope, out var bang, out var description);
        if (headerResult is not null)
        {
            return Invalid(headerResult);
        }

        string? body = null;
        var footers = new List<ConventionalFooter>();
        if (lines.Length > 1)
        {
            if (!string.IsNullOrWhiteSpace(lines[1]))
            {
                return Invalid("the body must begin one blank line after the description");
            }

            var rest = lines.Skip(2).SkipWhile(string.IsNullOrWhiteSpace).ToList();
            var footerStart = rest.Count;
            for (var index = 0; index < rest.Count; index++)
            {
                if ((index == 0 || string.IsNullOrWhiteSpace(rest[index - 1])) && Footer(gitCliffCompatible).IsMatch(rest[index]))
                {
                    footerStart = index;
                    break;
                }
            }

            var bodyText = string.Join('\n', rest.Take(footerStart)).TrimEnd();
            body = bodyText.Length == 0 ? null : bodyText;
            ParseFooters(rest.Skip(footerStart), Footer(gitCliffCompatible), footers);
        }

        var breaking = bang || footers.Exists(f => f.IsBreakingChange);
        return new ConventionalCommitParseResult(new ConventionalCommit(type, scope, breaking, description, body, footers), null);
    }

    /// <summary>The parsed commit, or null when <paramref name="message"/> is not conventional.</summary>
    public static ConventionalCommit? TryParse(string? message) => Parse(message).Commit;

    static string? ParseHeader(string header, bool lenient, out string type, out string? scope, out bool bang, out string description)
    {
        type = string.Empty;
        scope = null;
        bang = false;
        description = string.Empty;
        var position = 0;
        while (position < header.Length && (lenient ? !char.IsWhiteSpace(header[position]) && header[position] is not ('(' or ')' or '!' or ':') : IsTypeCharacter(header[position])))
        {
            position++;
        }

        if (position == 0 || (!lenient && !char.IsAsciiLetter(header[0])))
        {
            return "the message must begin with a type (a word such as feat or fix) that starts with a letter";
        }

        type = header[..position];
        if (position < header.Length && header[position] == '(')
        {
            var close = header.IndexOf(')', position);
            if (close < 0)
            {
                return "the scope is not closed with ')'";
            }

            var inner = header[(position + 1)..close];
            if (lenient ? inner.Length == 0 : string.IsNullOrWhiteSpace(inner))
            {
                return "the scope is empty: write type(scope): or leave the parentheses out";
            }

            if (inner.Any(c => (!lenient && char.IsWhiteSpace(c)) || c == '('))
            {
                return "the scope must be one noun, without whitespace or parentheses";
            }

            scope = inner;
            position = close + 1;
        }

        if (position < header.Length && header[position] == '!')
        {
            bang = true;
            position++;
        }

        if (position >= header.Length || header[position] != ':')
        {
            var next = position < header.Length ? header[position] : '\0';
            return next switch
            {
                '\0' => "the type must be followed by ': ' and a description",
                ' ' or '\t' when header[position..].TrimStart().StartsWith(':') => "no whitespace is allowed between the type, scope or '!' and the colon",
                ' ' or '\t' => "the type must be followed by ':' and a space",
                '(' when bang => "the scope goes before the '!', and only one '!' is allowed, right before the colon",
                '(' => "only one scope is allowed",
                '!' => "only one '!' is allowed, right before the colon",
                _ => $"the type may only contain letters, digits, '-' and '_' and must be followed by ': ' (found '{next}')",
            };
        }

        position++;
        if (position >= header.Length || string.IsNullOrWhiteSpace(header[position..]))
        {
            return "the description is empty";
        }

        if (lenient)
        {
            description = header[position..].Trim();
            return null;
        }

        if (header[position] != ' ')
        {
            return "the colon must be followed by a space";
        }

        position++;
        if (char.IsWhiteSpace(header[position]))
        {
            return "the description must follow ': ' immediately (one space, not more)";
        }

        description = header[position..].TrimEnd();
        return null;
    }

    static void ParseFooters(IEnumerable<string> lines, Regex footerLine, List<ConventionalFooter> footers)
    {
        string? token = null;
        string? separator = null;
        var value = new System.Text.StringBuilder();
        foreach (var line in lines)
        {
            var match = footerLine.Match(line);
            if (match.Success)
            {
                Flush();
                token = match.Groups["token"].Value;
                separator = match.Groups["separator"].Value;
                value.Append(match.Groups["value"].Value);
            }
            else if (token is not null)
            {
                // A value may continue over several lines until the next token/separator pair.
                value.Append('\n').Append(line);
            }
        }

        Flush();

        void Flush()
        {
            if (token is not null)
            {
                footers.Add(new ConventionalFooter(token, separator!, value.ToString().TrimEnd()));
            }

            token = null;
            value.Clear();
        }
    }

    static bool IsTypeCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    // "BREAKING CHANGE" is the one token with a space, and it takes ': ' only; other tokens are words joined by '-'.
    [GeneratedRegex(@"^(?:(?<token>BREAKING CHANGE)(?<separator>: )|(?<token>[A-Za-z0-9][A-Za-z0-9-]*)(?<separator>: | #))(?<value>\S.*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex FooterLine();

    [GeneratedRegex(@"^(?:(?<token>BREAKING CHANGE)(?<separator>: | #)|(?<token>[A-Za-z0-9][A-Za-z0-9-]*)(?<separator>: | #))(?<value>\S.*)$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex GitCliffFooterLine();

    static Regex Footer(bool gitCliffCompatible) => gitCliffCompatible ? GitCliffFooterLine() : FooterLine();

    static ConventionalCommitParseResult Invalid(string reason) => new(null, reason);
}
