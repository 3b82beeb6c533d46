using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Git.Repositories;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Releases;

/// <summary>
/// Writes a Conventional Commit message for what is staged, without a model. The rules:
/// <list type="bullet">
/// <item>Each file is CI (<c>.github/workflows</c>, <c>.gitlab-ci.yml</c>, <c>.ci/</c>, ...), build (project files,
/// package manifests and lock files, <c>Dockerfile</c>, <c>Makefile</c>), test (under a <c>test</c>/<c>tests</c> folder or
/// a <c>*.Tests</c> project, or named like a test), docs (Markdown, reStructuredText, AsciiDoc, <c>docs/</c>, README,
/// LICENSE, CHANGELOG), source (a code file) or other.</item>
/// <item>Type: all files of one kind → <c>docs</c>, <c>test</c>, <c>ci</c> or <c>build</c>. With source files: a new source
/// file → <c>feat</c>; only deletions or renames → <c>refactor</c>; small edits (at most 20 changed source lines) that
/// touch conditions (<c>if</c>, <c>else</c>, <c>switch</c>, <c>case</c>, <c>catch</c>, <c>throw</c>, <c>null</c>,
/// comparisons, <c>&amp;&amp;</c>, <c>||</c>, <c>??</c>) → <c>fix</c>; other edits → <c>refactor</c>. A mix without source → <c>chore</c>.</item>
/// <item>Scope: the module every file belongs to — a configured package, or the folder under <c>src/</c>, <c>tests/</c>,
/// <c>packages/</c>, <c>services/</c>, <c>apps/</c>, <c>libs/</c>, <c>modules/</c>, <c>crates/</c> (last dotted part,
/// lowercase, test suffix removed: <c>src/Lightning.Git</c> and <c>tests/Lightning.Git.Tests</c> are both <c>git</c>).
/// Omitted when the files span modules or some are outside any.</item>
/// <item>Summary: a verb for the type and the main files in words, largest change first (<c>add changelog generator</c>,
/// <c>fix Parse in conventional commit parser</c>, <c>remove legacy parser</c>, <c>update readme</c>), at most 72 characters
/// in the subject.</item>
/// </list>
/// With an <see cref="IChatClient"/>, the model writes the body only; the subject stays deterministic.
/// </summary>
public sealed partial class CommitMessageGenerator(
    GitCli git,
    ReleaseHistoryReader history,
    IChatClient? chatClient = null,
    IOptions<ReleaseOptions>? options = null,
    ILogger<CommitMessageGenerator>? logger = null)
{
    const int SubjectLimit = 72;
    const int FixLineLimit = 20;
    const int PatchLimitForModel = 16_000;

    enum Kind
    {
        Other,
        Docs,
        Test,
        Ci,
        Build,
        Source,
    }

    static readonly HashSet<string> ModuleRoots = new(StringComparer.OrdinalIgnoreCase)
    {
        "src", "tests", "test", "packages", "services", "apps", "libs", "modules", "crates",
    };

    static readonly HashSet<string> BuildFiles = new(StringComparer.OrdinalIgnoreCase)
    {
        "package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml", "global.json", "nuget.config", "cargo.toml", "cargo.lock",
        "go.mod", "go.sum", "pyproject.toml", "setup.py", "setup.cfg", "pipfile", "pipfile.lock", "poetry.lock", "makefile",
        "dockerfile", "pom.xml", "build.gradle", "settings.gradle", "build.gradle.kts", "cmakelists.txt", "gemfile", "gemfile.lock",
        "composer.json", "composer.lock", "requirements.txt", "directory.build.props", "directory.build.targets", "directory.packages.props",
    };

    static readonly HashSet<string> BuildExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".csproj", ".fsproj", ".vbproj", ".props", ".targets", ".sln", ".slnx",
    };

    static readonly HashSet<string> SourceExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".cs", ".fs", ".vb", ".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".py", ".go", ".rs", ".java", ".kt", ".kts", ".scala",
        ".c", ".h", ".cc", ".cpp", ".hpp", ".m", ".swift", ".rb", ".php", ".sh", ".bash", ".ps1", ".sql", ".razor", ".cshtml",
        ".vue", ".svelte", ".css", ".scss", ".html", ".lua", ".dart", ".ex", ".exs", ".erl", ".clj", ".hs", ".r", ".jl", ".zig",
    };

    static readonly HashSet<string> DocExtensions = new(StringComparer.OrdinalIgnoreCase) { ".md", ".markdown", ".rst", ".adoc", ".txt" };

    static readonly HashSet<string> NotSymbols = new(StringComparer.Ordinal) { "if", "for", "foreach", "while", "switch", "catch", "using", "return", "new", "lock", "fixed", "when", "nameof", "typeof", "sizeof" };

    readonly ReleaseOptions _options = options?.Value ?? new ReleaseOptions();
    readonly ILogger _logger = logger ?? NullLogger<CommitMessageGenerator>.Instance;

    /// <summary>
    /// The message for what is staged in the repository at <paramref name="repositoryPath"/>; reads only.
    /// <c>git.nothing_staged</c> when nothing is.
    /// </summary>
    public async Task<GeneratedCommitMessage> GenerateAsync(string repositoryPath, CancellationToken cancellationToken)
    {
        var root = await history.RootAsync(repositoryPath, cancellationToken);
        var changes = await ReadStagedAsync(root, cancellationToken);
        if (changes.Count == 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.nothing_staged", "Nothing is staged: stage changes (git add) before asking for a commit message.");
        }

        var patch = (await git.RunAsync(root, ["-c", "core.quotepath=false", "diff", "--cached", "-M", "-U0", "--no-color", "--no-ext-diff"], cancellationToken)).StandardOutput;
        var message = Describe(changes, patch, _options);
        if (chatClient is not null)
        {
            message = message with { Body = await WriteBodyAsync(chatClient, message.Subject, changes, patch, cancellationToken) };
        }

        ReleasesLog.CommitMessageGenerated(_logger, message.Subject, changes.Count);
        return message;
    }

    /// <summary>The deterministic message (no body) for <paramref name="changes"/> and their unified diff; pure.</summary>
    internal static GeneratedCommitMessage Describe(IReadOnlyList<StagedChange> changes, string patch, ReleaseOptions options)
    {
        var kinds = changes.ToDictionary(change => change, change => Classify(change.Path));
        var source = changes.Where(change => kinds[change] == Kind.Source).ToList();
        var patchByFile = SplitPatch(patch);
        string type;
        string summary;
        if (kinds.Values.Distinct().Count() == 1 && kinds.Values.First() is Kind.Docs or Kind.Test or Kind.Ci or Kind.Build)
        {
            (type, summary) = kinds.Values.First() switch
            {
                Kind.Docs => ("docs", (changes.All(c => c.Status == 'A') ? "add " : "update ") + Names(changes, c => Words(c.Path))),
                Kind.Test => ("test", (changes.All(c => c.Status == 'A') ? "add tests for " : "update tests for ") + Names(changes, c => Words(c.Path, stripTestSuffix: true))),
                Kind.Ci => ("ci", (changes.All(c => c.Status == 'A') ? "add " : "update ") + Names(changes, c => Words(c.Path)) + " workflow"),
                _ => ("build", "update " + Names(changes, c => Path.GetFileName(c.Path))),
            };
        }
        else if (source.Count > 0)
        {
            var added = source.Where(c => c.Status is 'A' or 'C').ToList();
            if (added.Count > 0)
            {
                (type, summary) = ("feat", "add " + Names(added, c => Words(c.Path)));
            }
            else if (source.All(c => c.Status == 'D'))
            {
                (type, summary) = ("refactor", "remove " + Names(source, c => Words(c.Path)));
            }
            else if (source.All(c => c.Status == 'R'))
            {
                (type, summary) = ("refactor", source.Count == 1
                    ? $"rename {Words(source[0].OldPath!)} to {Words(source[0].Path)}"
                    : "move " + Names(source, c => Words(c.Path)));
            }
            else
            {
                var edited = source.Where(c => c.Status is 'M' or 'R' or 'T').ToList();
                var changedLines = source.Sum(c => c.AddedLines + c.DeletedLines);
                var touched = edited.SelectMany(c => patchByFile.TryGetValue(c.Path, out var file) ? file.Lines : []).ToList();
                var looksLikeFix = changedLines <= FixLineLimit && touched.Any(line => Condition().IsMatch(line));
                if (looksLikeFix)
                {
                    var symbols = edited.SelectMany(c => patchByFile.TryGetValue(c.Path, out var file) ? file.Symbols : []).Distinct(StringComparer.Ordinal).ToList();
                    var where = symbols.Count == 1 ? symbols[0] + " in " : string.Empty;
                    (type, summary) = ("fix", "fix " + where + Names(edited, c => Words(c.Path)));
                }
                else
                {
                    (type, summary) = ("refactor", "refactor " + Names(edited.Count > 0 ? edited : source, c => Words(c.Path)));
                }
            }
        }
        else
        {
            (type, summary) = ("chore", "update " + Names(changes, c => Path.GetFileName(c.Path)));
        }

        var modules = changes.Select(c => ModuleOf(c.Path, options)).ToList();
        var scope = modules.All(m => m is not null) && modules.Distinct(StringComparer.Ordinal).Count() == 1 ? modules[0] : null;
        return new GeneratedCommitMessage(type, scope, Fit(type, scope, summary), null, changes);
    }

    async Task<string?> WriteBodyAsync(IChatClient client, string subject, IReadOnlyList<StagedChange> changes, string patch, CancellationToken cancellationToken)
    {
        var files = string.Join('\n', changes.Select(c => c.OldPath is null ? $"{c.Status} {c.Path} (+{c.AddedLines} -{c.DeletedLines})" : $"{c.Status} {c.OldPath} -> {c.Path}"));
        var diff = patch.Length > PatchLimitForModel ? patch[..PatchLimitForModel] + "\n[diff truncated]" : patch;
        List<ChatMessage> messages =
        [
            new(ChatRole.System,
                "You write the body of a git commit message. The subject line is already written; do not repeat or change it. "
                + "Reply with the body only: plain text wrapped at 72 characters, saying what changed and why. No subject line, no code fences, no trailers."),
            new(ChatRole.User, $"Subject: {subject}\n\nStaged files:\n{files}\n\nDiff:\n{diff}"),
        ];
        try
        {
            var response = await client.GetResponseAsync(messages, cancellationToken: cancellationToken);
            return CleanBody(response.Text, subject);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The subject alone is a complete message; a failing model must not block a commit.
            ReleasesLog.CommitBodyFailed(_logger, ex);
            return null;
        }
    }

    /// <summary>The model's reply as a body: fences, a repeated subject or any conventional header line removed.</summary>
    internal static string? CleanBody(string? reply, string subject)
    {
        var lines = (reply ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim().Split('\n').ToList();
        if (lines.Count > 0 && lines[0].StartsWith("```", StringComparison.Ordinal))
        {
            lines.RemoveAt(0);
        }

        if (lines.Count > 0 && lines[^1].StartsWith("```", StringComparison.Ordinal))
        {
            lines.RemoveAt(lines.Count - 1);
        }

        while (lines.Count > 0 && (string.IsNullOrWhiteSpace(lines[0])
            || string.Equals(lines[0].Trim(), subject, StringComparison.Ordinal)
            || ConventionalCommitParser.TryParse(lines[0].Trim()) is not null))
        {
            lines.RemoveAt(0);
        }

        var body = string.Join('\n', lines).Trim();
        return body.Length == 0 ? null : body;
    }

    async Task<IReadOnlyList<StagedChange>> ReadStagedAsync(string root, CancellationToken cancellationToken)
    {
        var status = (await git.RunAsync(root, ["diff", "--cached", "-M", "--name-status", "-z", "--no-ext-diff"], cancellationToken)).StandardOutput;
        var numstat = (await git.RunAsync(root, ["diff", "--cached", "-M", "--numstat", "-z", "--no-ext-diff"], cancellationToken)).StandardOutput;
        var counts = new Dictionary<string, (int Added, int Deleted, bool Binary)>(StringComparer.Ordinal);
        var parts = numstat.Split('\0');
        for (var index = 0; index < parts.Length; index++)
        {
            var fields = parts[index].Split('\t');
            if (fields.Length < 3)
            {
                continue;
            }

            var path = fields[2];
            if (path.Length == 0 && index + 2 < parts.Length)
            {
                // A rename: "added\tdeleted\t\0old\0new\0".
                path = parts[index + 2];
                index += 2;
            }

            var binary = string.Equals(fields[0], "-", StringComparison.Ordinal);
            counts[path] = (binary ? 0 : int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture), binary ? 0 : int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), binary);
        }

        var changes = new List<StagedChange>();
        var entries = status.Split('\0');
        for (var index = 0; index + 1 < entries.Length; index++)
        {
            var code = entries[index];
            if (code.Length == 0)
            {
                continue;
            }

            string? oldPath = null;
            string path;
            if (code[0] is 'R' or 'C')
            {
                oldPath = entries[index + 1];
                path = entries[index + 2];
                index += 2;
            }
            else
            {
                path = entries[index + 1];
                index += 1;
            }

            var (added, deleted, binary) = counts.GetValueOrDefault(path);
            changes.Add(new StagedChange(code[0], path, oldPath, added, deleted, binary));
        }

        return changes;
    }

    static Kind Classify(string path)
    {
        var lower = path.ToLowerInvariant();
        var name = Path.GetFileName(lower);
        var extension = Path.GetExtension(lower);
        var folders = lower.Split('/')[..^1];
        if (lower.StartsWith(".github/workflows/", StringComparison.Ordinal) || lower.StartsWith(".ci/", StringComparison.Ordinal)
            || lower.StartsWith(".circleci/", StringComparison.Ordinal) || lower.StartsWith(".gitlab/ci/", StringComparison.Ordinal)
            || name is ".gitlab-ci.yml" or "azure-pipelines.yml" or "jenkinsfile" or ".travis.yml" or "bitbucket-pipelines.yml")
        {
            return Kind.Ci;
        }

        if (BuildFiles.Contains(name) || BuildExtensions.Contains(extension) || name.StartsWith("requirements", StringComparison.Ordinal) && extension == ".txt")
        {
            return Kind.Build;
        }

        if (folders.Any(folder => folder is "test" or "tests" or "__tests__" or "spec" or "specs" or "testdata"
                || folder.EndsWith(".tests", StringComparison.Ordinal) || folder.EndsWith(".test", StringComparison.Ordinal))
            || TestFile().IsMatch(Path.GetFileName(path)))
        {
            return Kind.Test;
        }

        if (DocExtensions.Contains(extension) || folders.Length > 0 && folders[0] is "docs" or "doc"
            || extension.Length == 0 && name is "readme" or "license" or "changelog" or "contributing" or "authors" or "notice")
        {
            return Kind.Docs;
        }

        return SourceExtensions.Contains(extension) ? Kind.Source : Kind.Other;
    }

    /// <summary>The scope a path belongs to: a configured package, else the folder under a module root; null outside.</summary>
    static string? ModuleOf(string path, ReleaseOptions options)
    {
        var package = options.Packages
            .Where(p => path.StartsWith(p.Path.TrimEnd('/') + "/", StringComparison.Ordinal))
            .MaxBy(p => p.Path.Length);
        if (package is not null)
        {
            return package.Name;
        }

        var segments = path.Split('/');
        if (segments.Length < 3 || !ModuleRoots.Contains(segments[0]))
        {
            return null;
        }

        var module = TestSuffix().Replace(segments[1], string.Empty);
        var lastDot = module.LastIndexOf('.');
        module = (lastDot >= 0 && lastDot < module.Length - 1 ? module[(lastDot + 1)..] : module).ToLowerInvariant();
        return module.Length == 0 || module.Any(c => char.IsWhiteSpace(c) || c is '(' or ')') ? null : module;
    }

    /// <summary>A file name in words: <c>src/Releases/ChangelogGenerator.cs</c> → <c>changelog generator</c>.</summary>
    static string Words(string path, bool stripTestSuffix = false)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', 1);
        var stem = dot > 0 ? name[..dot] : name;
        if (stripTestSuffix || Classify(path) == Kind.Test)
        {
            stem = TestSuffix().Replace(stem, string.Empty);
            stem = TestPrefix().Replace(stem, string.Empty);
        }

        var words = WordBoundary().Split(stem).Where(word => word.Length > 0).Select(word => word.ToLowerInvariant());
        var text = string.Join(' ', words);
        return text.Length == 0 ? name : text;
    }

    static string Names(IReadOnlyList<StagedChange> changes, Func<StagedChange, string> name)
    {
        var names = changes
            .OrderByDescending(c => c.AddedLines + c.DeletedLines)
            .ThenBy(c => c.Path, StringComparer.Ordinal)
            .Select(name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return names.Count switch
        {
            1 => names[0],
            2 => $"{names[0]} and {names[1]}",
            _ => $"{names[0]} and {names.Count - 1} more",
        };
    }

    static string Fit(string type, string? scope, string summary)
    {
        var prefix = (scope is null ? type : $"{type}({scope})").Length + 2;
        if (prefix + summary.Length <= SubjectLimit)
        {
            return summary;
        }

        var cut = summary[..Math.Max(1, SubjectLimit - prefix - 3)].TrimEnd();
        return cut + "...";
    }

    sealed record FilePatch(List<string> Lines, List<string> Symbols);

    /// <summary>The changed lines and the symbols named in hunk headers, per file (new path) of a <c>-U0</c> diff.</summary>
    static Dictionary<string, FilePatch> SplitPatch(string patch)
    {
        var files = new Dictionary<string, FilePatch>(StringComparer.Ordinal);
        FilePatch? current = null;
        string? oldPath = null;
        foreach (var line in patch.Split('\n'))
        {
            if (line.StartsWith("--- ", StringComparison.Ordinal))
            {
                oldPath = line.StartsWith("--- a/", StringComparison.Ordinal) ? line[6..] : null;
            }
            else if (line.StartsWith("+++ ", StringComparison.Ordinal))
            {
                var path = line.StartsWith("+++ b/", StringComparison.Ordinal) ? line[6..] : oldPath;
                current = path is null ? null : files[path] = new FilePatch([], []);
            }
            else if (line.StartsWith("@@", StringComparison.Ordinal) && current is not null)
            {
                var end = line.IndexOf("@@", 2, StringComparison.Ordinal);
                var context = end > 0 ? line[(end + 2)..] : string.Empty;
                var symbol = SymbolCall().Matches(context).Select(m => m.Groups["name"].Value).FirstOrDefault(name => !NotSymbols.Contains(name));
                if (symbol is not null)
                {
                    current.Symbols.Add(symbol);
                }
            }
            else if (current is not null && line.Length > 0 && line[0] is '+' or '-')
            {
                current.Lines.Add(line[1..]);
            }
        }

        return files;
    }

    [GeneratedRegex(@"\b(if|else|switch|case|when|catch|throw|null|nil|None)\b|==|!=|<=|>=|\?\?|\?\.|&&|\|\|", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex Condition();

    [GeneratedRegex(@"(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*\(", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex SymbolCall();

    [GeneratedRegex(@"^(test_|test-)|[._-]?(Tests?|IntegrationTests|UnitTests|Spec|spec|test|tests)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex TestSuffix();

    [GeneratedRegex(@"^(test_|test-)", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex TestPrefix();

    [GeneratedRegex(@"^(test_.*|.*_test\.[a-z]+|.*\.(test|spec)\.[a-z]+|.*Tests?\.(cs|fs|vb|java|kt)|.*_spec\.rb)$", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex TestFile();

    [GeneratedRegex(@"[-_.\s]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, 1000)]
    private static partial Regex WordBoundary();
}
