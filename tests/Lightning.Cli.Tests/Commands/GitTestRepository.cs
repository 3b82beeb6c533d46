using System.Diagnostics;
using System.Globalization;
using Lightning.TestUtilities;

namespace Lightning.Cli.Tests.Commands;

/// <summary>
/// A real git repository made for one test with the git program, deleted afterwards, and the CLI run against it with
/// <c>--path</c>. Commits get fixed, increasing dates so output is reproducible.
/// </summary>
public sealed class GitTestRepository : IDisposable
{
    readonly TempDirectory _directory = new();
    int _clock;

    public GitTestRepository()
    {
        Path = _directory.Combine("repo");
        Directory.CreateDirectory(Path);
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Test Author");
        Git("config", "user.email", "author@example.com");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
    }

    public string Path { get; }

    /// <summary>A folder beside the repository that is not one.</summary>
    public string Outside => Directory.CreateDirectory(_directory.Combine("not-a-repo")).FullName;

    public GitTestRepository Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public string CommitFile(string relativePath, string content, string message)
    {
        Write(relativePath, content);
        Git("add", "-A");
        var date = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(_clock++).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        Run(["commit", "-q", "-m", message], new Dictionary<string, string> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date });
        return Head;
    }

    public string Head => Git("rev-parse", "HEAD").Trim();

    /// <summary>Everything a failed command must leave as it was: HEAD, every ref, the index and the worktree status.</summary>
    public string Snapshot() =>
        Git("rev-parse", "HEAD") + Git("for-each-ref") + Git("ls-files", "--stage") + Git("status", "--porcelain=v1", "--untracked-files=all");

    /// <summary>Runs the CLI with <c>--path</c> set to this repository.</summary>
    public Task<CliRun> RunAsync(params string[] args) =>
        CliRun.ExecuteAsync([.. args, "--path", Path], new Dictionary<string, string?>(), TestContext.Current.CancellationToken);

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
