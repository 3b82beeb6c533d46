using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lightning.TestUtilities;

/// <summary>
/// A real git repository made for one test with the git program, deleted afterwards. Commits get fixed, increasing
/// dates (one minute apart from 2026-01-01) so that log order and changelog dates are reproducible.
/// </summary>
public sealed class GitTestRepository : IDisposable
{
    readonly TempDirectory _directory = new();
    int _clock;

    GitTestRepository(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>An empty repository on branch <paramref name="branch"/>, with a test identity configured.</summary>
    public static GitTestRepository Create(string branch = "main", bool bare = false)
    {
        var temp = new TempDirectory();
        var path = System.IO.Path.Combine(temp.Path, "repo");
        Directory.CreateDirectory(path);
        var repository = new GitTestRepository(temp, path);
        repository.Git(bare ? ["init", "-q", "--bare", "-b", branch] : ["init", "-q", "-b", branch]);
        repository.Git("config", "user.name", "Test Author");
        repository.Git("config", "user.email", "author@example.com");
        repository.Git("config", "commit.gpgsign", "false");
        repository.Git("config", "tag.gpgsign", "false");
        return repository;
    }

    GitTestRepository(TempDirectory directory, string path) : this(path)
    {
        _directory.Dispose();
        _directory = directory;
    }

    /// <summary>Writes (or overwrites) a file relative to the repository root, creating folders.</summary>
    public GitTestRepository Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public GitTestRepository Delete(string relativePath)
    {
        File.Delete(System.IO.Path.Combine(Path, relativePath));
        return this;
    }

    /// <summary>Stages everything and commits it with <paramref name="message"/>; returns the new commit's id.</summary>
    public string Commit(string message, string? author = null, string? email = null)
    {
        Git("add", "-A");
        var date = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_clock++).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>
        {
            ["GIT_AUTHOR_DATE"] = date,
            ["GIT_COMMITTER_DATE"] = date,
        };
        if (author is not null)
        {
            environment["GIT_AUTHOR_NAME"] = author;
            environment["GIT_AUTHOR_EMAIL"] = email ?? $"{author.Replace(' ', '.').ToLowerInvariant()}@example.com";
        }

        Run(["commit", "-q", "--allow-empty", "-m", message], environment);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public string Head => Git("rev-parse", "HEAD").Trim();

    /// <summary>Writes one file and commits it: the shortest way to a commit with a given message.</summary>
    public string CommitFile(string relativePath, string content, string message, string? author = null) =>
        Write(relativePath, content).Commit(message, author);

    public GitTestRepository Branch(string name, string? startPoint = null)
    {
        Git(startPoint is null ? ["branch", name] : ["branch", name, startPoint]);
        return this;
    }

    public GitTestRepository Checkout(string name)
    {
        Git("checkout", "-q", name);
        return this;
    }

    public GitTestRepository Tag(string name, string? message = null)
    {
        Git(message is null ? ["tag", name] : ["tag", "-a", name, "-m", message]);
        return this;
    }

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
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
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
