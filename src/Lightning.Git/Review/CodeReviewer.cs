using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lightning.Core.Errors;
using Lightning.Git.Insights;
using Lightning.Git.Repositories;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Git.Review;

/// <summary>
/// Reviews the change between two refs: rules for large, binary and generated files, secrets, source changed without
/// tests and TODOs added, plus an LLM reviewer when a chat client is given. Reads only; the repository is untouched.
/// </summary>
public sealed partial class CodeReviewer(GitCli git, IChatClient? chatClient = null, ILogger<CodeReviewer>? logger = null)
{
    const int GeneratedMarkerLines = 5;
    readonly ILogger _logger = logger ?? NullLogger<CodeReviewer>.Instance;

    /// <summary>
    /// Reviews <paramref name="headRef"/> against <paramref name="baseRef"/> (by default against their merge base, as a
    /// pull request shows it) in the repository at <paramref name="repositoryPath"/>.
    /// </summary>
    public async Task<CodeReviewResult> ReviewAsync(
        string repositoryPath, string baseRef, string headRef, CodeReviewOptions? options, CancellationToken cancellationToken)
    {
        options ??= new CodeReviewOptions();
        Validate(options);
        var stopwatch = Stopwatch.StartNew();
        var root = RepositoryPaths.Root(repositoryPath);
        var head = await ResolveAsync(root, headRef, cancellationToken);
        var @base = await ResolveAsync(root, baseRef, cancellationToken);
        if (options.UseMergeBase)
        {
            var mergeBase = await git.RunAsync(root, ["merge-base", "--end-of-options", @base, head], cancellationToken,
                new GitCliRequest { AcceptedExitCodes = [0, 1] });
            // Unrelated histories have no merge base: compare with the base itself.
            if (mergeBase.Succeeded && mergeBase.StandardOutput.Trim() is { Length: > 0 } found)
            {
                @base = found;
            }
        }

        var files = await DiffAsync(root, @base, head, cancellationToken);
        var findings = new List<ReviewFinding>();
        await FileRulesAsync(root, head, files, options, findings, cancellationToken);
        LineRules(files, options, findings);
        MissingTests(files, options, findings);

        LlmReviewOutcome? llm = null;
        if (chatClient is not null && options.IsEnabled(ReviewRuleIds.Llm) && files.Count > 0)
        {
            var (llmFindings, outcome) = await LlmReviewer.ReviewAsync(chatClient, files, options, cancellationToken);
            findings.AddRange(llmFindings);
            llm = outcome;
            if (outcome.Error is { } error)
            {
                ReviewLog.LlmAnswerUnusable(_logger, error);
            }

            if (outcome.Rejected.Count > 0)
            {
                ReviewLog.LlmFindingsRejected(_logger, outcome.Rejected.Count);
            }
        }

        var sorted = findings
            .OrderBy(finding => finding.Path, StringComparer.Ordinal)
            .ThenBy(finding => finding.Line ?? 0)
            .ThenByDescending(finding => finding.Severity)
            .ThenBy(finding => finding.RuleId, StringComparer.Ordinal)
            .ToList();
        ReviewLog.Reviewed(_logger, files.Count, @base, head, sorted.Count, stopwatch.Elapsed);
        return new CodeReviewResult(@base, head, files.Count, sorted, llm);
    }

    static void Validate(CodeReviewOptions options)
    {
        var problem = options.LargeFileBytes < 1 ? "LargeFileBytes must be at least 1."
            : options.SecretMinEntropy is < 0 or double.NaN ? "SecretMinEntropy may not be negative."
            : options.LlmMaxDiffChars < 1_000 ? "LlmMaxDiffChars must be at least 1000."
            // An empty marker would make the TODO pattern match every line.
            : options.TodoMarkers is null || options.TodoMarkers.Any(string.IsNullOrWhiteSpace) ? "TodoMarkers may not contain empty markers."
            : null;
        if (problem is not null)
        {
            throw new LightningException(ErrorKind.Invalid, "review.invalid_options", problem);
        }
    }

    async Task<string> ResolveAsync(string root, string reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.StartsWith('-') || reference.AsSpan().IndexOfAny('\0', '\n', '\r') >= 0)
        {
            throw new LightningException(ErrorKind.Invalid, "git.invalid_ref", $"'{reference}' is not a reference.");
        }

        var result = await git.RunAsync(root, ["rev-parse", "--verify", "--end-of-options", reference + "^{commit}"], cancellationToken);
        return result.StandardOutput.Trim();
    }

    async Task<List<DiffFile>> DiffAsync(string root, string @base, string head, CancellationToken cancellationToken)
    {
        // Pinned so a user's configuration (external diff tools, colours, prefixes, textconv) cannot change the output.
        string[] common = ["-c", "core.quotePath=false", "diff", "--no-color", "--no-ext-diff", "--no-textconv", "-M"];
        var numstat = await git.RunAsync(root, [.. common, "--numstat", "-z", "--end-of-options", @base, head, "--"], cancellationToken);
        var patch = await git.RunAsync(root,
            [.. common, "--unified=0", "--src-prefix=a/", "--dst-prefix=b/", "--end-of-options", @base, head, "--"], cancellationToken);
        return DiffParser.Parse(numstat.StandardOutput, patch.StandardOutput);
    }

    async Task FileRulesAsync(
        string root, string head, List<DiffFile> files, CodeReviewOptions options, List<ReviewFinding> findings, CancellationToken cancellationToken)
    {
        var present = files.Where(file => file.Status != DiffStatus.Deleted).ToList();
        if (options.IsEnabled(ReviewRuleIds.LargeFile))
        {
            var sizes = await SizesAsync(root, head, present, cancellationToken);
            foreach (var file in present)
            {
                if (sizes.TryGetValue(file.Path, out var size) && size > options.LargeFileBytes)
                {
                    findings.Add(new ReviewFinding(ReviewRuleIds.LargeFile, ReviewSeverity.Warning, file.Path, file.FirstAddedLine,
                        $"This file is {Size(size)}, over the {Size(options.LargeFileBytes)} limit: large files bloat every clone; keep them out of git or use Git LFS."));
                }
            }
        }

        foreach (var file in present)
        {
            if (file.Binary && options.IsEnabled(ReviewRuleIds.BinaryFile))
            {
                findings.Add(new ReviewFinding(ReviewRuleIds.BinaryFile, ReviewSeverity.Info, file.Path, null,
                    $"A binary file is {(file.Status == DiffStatus.Added ? "added" : "changed")}: it cannot be reviewed as text and its history cannot be merged."));
            }

            if (options.IsEnabled(ReviewRuleIds.GeneratedFile) && GeneratedReason(file) is { } reason)
            {
                findings.Add(new ReviewFinding(ReviewRuleIds.GeneratedFile, ReviewSeverity.Warning, file.Path, file.FirstAddedLine,
                    $"This looks generated ({reason}): commit the generator's input and generate it in the build instead."));
            }
        }
    }

    /// <summary>Blob sizes in the head commit, for all files in one <c>cat-file --batch-check</c>.</summary>
    async Task<Dictionary<string, long>> SizesAsync(string root, string head, List<DiffFile> files, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        // One object name per line: a path with a line break cannot be asked about this way (and is reported by nobody).
        var asked = files.Where(file => !file.Path.Contains('\n', StringComparison.Ordinal)).ToList();
        if (asked.Count == 0)
        {
            return sizes;
        }

        var input = new StringBuilder();
        foreach (var file in asked)
        {
            input.Append(head).Append(':').Append(file.Path).Append('\n');
        }

        var result = await git.RunAsync(root, ["cat-file", "--batch-check=%(objecttype) %(objectsize)"], cancellationToken,
            new GitCliRequest { StandardInput = input.ToString() });
        var lines = result.StandardOutput.Split('\n');
        for (var i = 0; i < asked.Count && i < lines.Length; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length == 2 && string.Equals(parts[0], "blob", StringComparison.Ordinal)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                sizes[asked[i].Path] = size;
            }
        }

        return sizes;
    }

    static string? GeneratedReason(DiffFile file)
    {
        var name = Path.GetFileName(file.Path);
        var path = "/" + file.Path;
        if (name.Contains(".min.", StringComparison.OrdinalIgnoreCase))
        {
            return "a minified file";
        }

        if (name.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".designer.cs", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".pb.go", StringComparison.Ordinal) || name.Contains(".generated.", StringComparison.OrdinalIgnoreCase))
        {
            return "a generated-code file name";
        }

        foreach (var folder in (string[])["/node_modules/", "/bin/", "/obj/", "/dist/", "/__pycache__/", "/vendor/"])
        {
            if (path.Contains(folder, StringComparison.Ordinal))
            {
                return $"under {folder.Trim('/')}/";
            }
        }

        foreach (var line in file.Added.Take(GeneratedMarkerLines))
        {
            if (GeneratedMarker().IsMatch(line.Text))
            {
                return "a generated-code header";
            }
        }

        return null;
    }

    static void LineRules(List<DiffFile> files, CodeReviewOptions options, List<ReviewFinding> findings)
    {
        var secrets = options.IsEnabled(ReviewRuleIds.Secret);
        var todo = options.IsEnabled(ReviewRuleIds.Todo) && options.TodoMarkers.Count > 0
            ? new Regex(@"\b(?:" + string.Join('|', options.TodoMarkers.Select(Regex.Escape)) + @")\b", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : null;
        foreach (var file in files)
        {
            foreach (var line in file.Added)
            {
                if (secrets)
                {
                    foreach (var secret in SecretScanner.Scan(line.Text, options.SecretMinEntropy))
                    {
                        findings.Add(new ReviewFinding(ReviewRuleIds.Secret, ReviewSeverity.Error, file.Path, line.Line,
                            $"Possible {secret.Kind} added ({secret.Masked}). Revoke it, remove it from the history, and read it from configuration or a secret store."));
                    }
                }

                if (todo?.Match(line.Text) is { Success: true } marker)
                {
                    var text = SecretScanner.Redact(line.Text.Trim(), options.SecretMinEntropy);
                    findings.Add(new ReviewFinding(ReviewRuleIds.Todo, ReviewSeverity.Info, file.Path, line.Line,
                        $"{marker.Value} added: \"{(text.Length > 120 ? text[..120] + "…" : text)}\". Track it in an issue so it is not forgotten."));
                }
            }
        }
    }

    static void MissingTests(List<DiffFile> files, CodeReviewOptions options, List<ReviewFinding> findings)
    {
        if (!options.IsEnabled(ReviewRuleIds.MissingTests))
        {
            return;
        }

        var tests = new List<(string Path, TestConventions.Language Language)>();
        var sources = new List<(DiffFile File, TestConventions.Language Language)>();
        foreach (var file in files)
        {
            if (file.Status == DiffStatus.Deleted || TestConventions.LanguageOf(file.Path) is not { } language || GeneratedReason(file) is not null)
            {
                continue;
            }

            if (TestConventions.IsTest(file.Path, language))
            {
                tests.Add((file.Path, language));
            }
            else if (file.FirstAddedLine is not null)
            {
                // Only source that gains lines asks for tests; deleting code does not.
                sources.Add((file, language));
            }
        }

        foreach (var (file, language) in sources)
        {
            if (!tests.Any(test => test.Language == language && TestConventions.Covers(test.Path, file.Path, language)))
            {
                var module = TestConventions.Module(file.Path, language);
                findings.Add(new ReviewFinding(ReviewRuleIds.MissingTests, ReviewSeverity.Warning, file.Path, file.FirstAddedLine,
                    $"Source changed with no test changed for {(module.Length == 0 ? "the root module" : $"module '{module}'")}: add or update a test that covers this change."));
            }
        }
    }

    static string Size(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB");

    [GeneratedRegex(@"<auto-generated|@generated|Code generated .* DO NOT EDIT|AUTO-GENERATED FILE|This file was automatically generated", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GeneratedMarker();
}
