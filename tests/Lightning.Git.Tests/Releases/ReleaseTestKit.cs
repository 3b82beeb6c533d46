using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Lightning.TestUtilities;

namespace Lightning.Git.Tests.Releases;

/// <summary>Helpers for release tests: commits on chosen dates, the real git-cliff, and repository snapshots.</summary>
internal static class ReleaseTestKit
{
    /// <summary>Stages everything and commits with author and committer date <paramref name="date"/> (UTC).</summary>
    public static string CommitOn(this GitTestRepository repository, string date, string message)
    {
        repository.Git("add", "-A");
        var when = DateTimeOffset.Parse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        Run("git", repository.Path, ["commit", "-q", "--allow-empty", "--no-verify", "-m", message], new Dictionary<string, string>
        {
            ["GIT_AUTHOR_DATE"] = when,
            ["GIT_COMMITTER_DATE"] = when,
            ["HOME"] = repository.Path,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        });
        return repository.Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>
    /// The git-cliff program: $LIGHTNING_TEST_GIT_CLIFF (scripts/test.sh installs it), else tests/tools/node_modules.
    /// Missing, the test fails when CI=true and is skipped on a developer's machine.
    /// </summary>
    public static string GitCliff()
    {
        var configured = Environment.GetEnvironmentVariable("LIGHTNING_TEST_GIT_CLIFF");
        if (!string.IsNullOrWhiteSpace(configured) && File.Exists(configured))
        {
            return configured;
        }

        var local = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "tools", "node_modules", ".bin", "git-cliff"));
        if (File.Exists(local))
        {
            return local;
        }

        var message = "git-cliff is not installed: run `npm ci` in tests/tools (scripts/test.sh does) or set LIGHTNING_TEST_GIT_CLIFF.";
        if (TestServices.InCi)
        {
            throw new InvalidOperationException("CI=true and a required tool is missing. " + message);
        }

        Assert.Skip(message);
        return string.Empty;
    }

    /// <summary>Runs git-cliff with no configuration file in <paramref name="repository"/> and returns what it prints.</summary>
    public static string RunGitCliff(string repository, params string[] arguments)
    {
        var cliff = GitCliff();
        // An empty HOME and XDG_CONFIG_HOME so no user-level cliff.toml can change the built-in default.
        using var home = new TempDirectory();
        return Run(cliff, repository, arguments, new Dictionary<string, string>
        {
            ["HOME"] = home.Path,
            ["XDG_CONFIG_HOME"] = home.Path,
            ["NO_COLOR"] = "1",
        });
    }

    /// <summary>HEAD, every ref, the index and the work tree status: equal snapshots mean an untouched repository.</summary>
    public static string Snapshot(GitTestRepository repository) =>
        string.Join("\n--\n",
            repository.Git("rev-parse", "HEAD"),
            repository.Git("for-each-ref", "--format=%(refname) %(objectname)"),
            repository.Git("ls-files", "--stage"),
            repository.Git("status", "--porcelain=v1", "--untracked-files=all", "--ignored"));

    static string Run(string program, string directory, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new UTF8Encoding(false),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
        }

        return stdout.GetAwaiter().GetResult();
    }

    static string ThisFile([CallerFilePath] string path = "") => path;
}
