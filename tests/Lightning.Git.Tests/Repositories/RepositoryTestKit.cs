using Lightning.TestUtilities;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lightning.Git.Repositories;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Lightning.Git.Tests.Repositories;

/// <summary>Services over real repositories, and the checks the repository tests share.</summary>
internal static class RepositoryTestKit
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static GitCli Cli() => new(Options.Create(new GitOptions { AuthorName = "Lightning Test", AuthorEmail = "lightning@example.com" }));

    public static GitRepositoryService Service() =>
        new(Cli(), Options.Create(new GitOptions()), NullLogger<GitRepositoryService>.Instance);

    public static GitCliReader Reader() => new(Cli());

    /// <summary>Results as indented JSON: records holding lists compare by reference, their JSON by value, and a mismatch shows where.</summary>
    public static string AsJson<T>(T value) => JsonSerializer.Serialize(value, Json);

    /// <summary>Fails with the first lines where the two answers' JSON differs, rather than a character table.</summary>
    public static void ShouldMatch<T>(T ours, T cli, string label)
    {
        var left = AsJson(ours).Split('\n');
        var right = AsJson(cli).Split('\n');
        for (var i = 0; i < Math.Max(left.Length, right.Length); i++)
        {
            var a = i < left.Length ? left[i] : "(end)";
            var b = i < right.Length ? right[i] : "(end)";
            if (!string.Equals(a, b, StringComparison.Ordinal))
            {
                var from = Math.Max(0, i - 12);
                throw new Xunit.Sdk.XunitException(
                    $"{label}: LibGit2Sharp and git CLI differ at line {i + 1}\n--- ours:\n{string.Join('\n', left[from..Math.Min(left.Length, i + 6)])}\n--- git:\n{string.Join('\n', right[from..Math.Min(right.Length, i + 6)])}");
            }
        }
    }

    /// <summary>
    /// Everything an operation could change: HEAD, every ref, the index (stages and blob ids), the worktree status
    /// with untracked files, the contents of tracked and untracked files, and operation state files (MERGE_HEAD...).
    /// </summary>
    public static string Snapshot(GitTestRepository repository)
    {
        var gitDir = Path.Combine(repository.Path, ".git");
        var states = string.Join(",", new[] { "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "rebase-merge", "rebase-apply" }
            .Where(name => File.Exists(Path.Combine(gitDir, name)) || Directory.Exists(Path.Combine(gitDir, name))));
        var files = string.Join("\n", Directory.EnumerateFiles(repository.Path, "*", SearchOption.AllDirectories)
            .Where(file => !file.Contains(Path.DirectorySeparatorChar + ".git" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(file => Path.GetRelativePath(repository.Path, file) + "=" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)))));
        return string.Join("\n---\n",
            TryGit(repository, "symbolic-ref", "-q", "HEAD") + " " + TryGit(repository, "rev-parse", "-q", "--verify", "HEAD"),
            repository.Git("for-each-ref", "--format=%(refname) %(objectname)"),
            repository.Git("ls-files", "-s"),
            repository.Git("status", "--porcelain=v2", "--untracked-files=all", "--branch"),
            files,
            states);
    }

    static string TryGit(GitTestRepository repository, params string[] arguments)
    {
        try
        {
            return repository.Git(arguments).Trim();
        }
        catch (InvalidOperationException)
        {
            return "(none)";
        }
    }
}
