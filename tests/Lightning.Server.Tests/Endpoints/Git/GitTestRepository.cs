using System.Diagnostics;
using System.Globalization;
using System.Text;
using Lightning.TestUtilities;

namespace Lightning.Server.Tests.Endpoints.Git;

/// <summary>
/// A real git repository made for one test with the git program (the minimum of Lightning.Git.Tests' helper of the
/// same name), deleted afterwards. Commits get fixed, increasing dates one minute apart from 2026-01-01.
/// </summary>
internal sealed class GitTestRepository : IDisposable
{
    readonly TempDirectory _directory = new();
    int _clock;

    GitTestRepository(bool bare, string branch)
    {
        Path = System.IO.Path.Combine(_directory.Path, "repo");
        Directory.CreateDirectory(Path);
        Git(bare ? ["init", "-q", "--bare", "-b", branch] : ["init", "-q", "-b", branch]);
        Git("config", "user.name", "Test Author");
        Git("config", "user.email", "author@example.com");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
    }

    public string Path { get; }

    public static GitTestRepository Create(string branch = "main", bool bare = false) => new(bare, branch);

    public GitTestRepository Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Stages everything and commits it; returns the new commit's id.</summary>
    public string Commit(string message, string? author = null)
    {
        Git("add", "-A");
        var date = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_clock++).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date };
        if (author is not null)
        {
            environment["GIT_AUTHOR_NAME"] = author;
            environment["GIT_AUTHOR_EMAIL"] = $"{author.Replace(' ', '.').ToLowerInvariant()}@example.com";
        }

        Run(["commit", "-q", "--allow-empty", "-m", message], environment);
        return Head;
    }

    public string CommitFile(string relativePath, string content, string message, string? author = null) =>
        Write(relativePath, content).Commit(message, author);

    public string Head => Git("rev-parse", "HEAD").Trim();

    /// <summary>
    /// Everything a refused request must leave alone: HEAD and what it names, every ref, the index with its stages, the
    /// status, git's operation markers, the stash and the bytes of every worktree file.
    /// </summary>
    public string State()
    {
        var state = new StringBuilder();
        state.AppendLine(Git("rev-parse", "--symbolic-full-name", "HEAD")).AppendLine(Git("rev-parse", "HEAD"));
        state.AppendLine(Git("for-each-ref", "--format=%(refname) %(objectname)"));
        state.AppendLine(Git("ls-files", "--stage"));
        state.AppendLine(Git("status", "--porcelain=v1", "--untracked-files=all"));
        foreach (var marker in new[] { "MERGE_HEAD", "CHERRY_PICK_HEAD", "REVERT_HEAD", "MERGE_MSG" })
        {
            state.Append(marker).Append('=').AppendLine(File.Exists(System.IO.Path.Combine(Path, ".git", marker)).ToString());
        }

        foreach (var file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
                     .Where(file => !file.Contains($"{System.IO.Path.DirectorySeparatorChar}.git{System.IO.Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            state.Append(file).Append(':').AppendLine(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));
        }

        return state.ToString();
    }

    /// <summary>Runs git in the repository and returns its standard output; a non-zero exit fails the test.</summary>
    public string Git(params string[] arguments) => Run(arguments, null);

    string Run(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["HOME"] = Path;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
        }

        return stdout.GetAwaiter().GetResult();
    }

    public void Dispose() => _directory.Dispose();
}
