using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Lightning.Benchmarks.Git;

/// <summary>
/// The benchmark's repository: 10,000 commits over 5,000 files on <c>main</c>, and 100 feature branches, some of
/// whose pairs conflict. Made once with <c>git fast-import</c> (seconds, where 10,000 <c>git commit</c>s take minutes)
/// and kept under the data directory; everything in it is a pure function of <see cref="Version"/>, so a cached copy
/// and a fresh one are the same repository, sha for sha.
/// </summary>
internal sealed record GitBenchRepository(string Path, string DistantFrom, string DistantTo, int Commits, int Files, int Branches)
{
    /// <summary>Bumped whenever the generated content changes, so an old cache is not reused.</summary>
    const string Version = "v1";

    public const int CommitCount = 10_000;
    public const int FileCount = 5_000;
    public const int BranchCount = 100;
    const int LinesPerFile = 20;
    const int Folders = 50;

    /// <summary>The first commit's time; commit n is n minutes later. Branch tips are dated after main's last commit.</summary>
    static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset MainTip => Epoch.AddMinutes(CommitCount - 1);

    /// <summary>Feature branches are committed after main's tip, b000 last: the first k branches are the k most recent.</summary>
    public static DateTimeOffset BranchTime(int branch) => MainTip.AddMinutes(BranchCount - branch);

    public static string BranchName(int branch) => string.Create(CultureInfo.InvariantCulture, $"feature/b{branch:000}");

    /// <summary>Returns the cached repository, generating it first when it is missing (a half-made one is never reused).</summary>
    public static async Task<GitBenchRepository> EnsureAsync(string? dataParent, TextWriter output, CancellationToken cancellationToken)
    {
        var root = System.IO.Path.Combine(dataParent ?? System.IO.Path.GetTempPath(), "lightning-bench-git-" + Version);
        var marker = System.IO.Path.Combine(root, ".git", "lightning-bench-complete");
        var repository = new GitBenchRepository(root, "refs/tags/bench/distant-from", "refs/tags/bench/distant-to", CommitCount, FileCount, BranchCount);
        if (File.Exists(marker))
        {
            output.WriteLine($"  repository {root} (cached)");
            return repository;
        }

        var building = root + ".building-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (Directory.Exists(building))
        {
            Directory.Delete(building, recursive: true);
        }

        var started = Stopwatch.GetTimestamp();
        Directory.CreateDirectory(building);
        await GitAsync(building, ["init", "--quiet", "--initial-branch=main"], null, cancellationToken);
        await GitAsync(building, ["config", "core.autocrlf", "false"], null, cancellationToken);
        await GitAsync(building, ["config", "gc.auto", "0"], null, cancellationToken);
        await GitAsync(building, ["fast-import", "--quiet", "--done"], WriteStreamAsync, cancellationToken);
        await GitAsync(building, ["reset", "--quiet", "--hard", "main"], null, cancellationToken);
        // One pack and a commit-graph, as a maintained repository has (git maintenance / gc writes both).
        await GitAsync(building, ["repack", "-a", "-d", "-q"], null, cancellationToken);
        await GitAsync(building, ["commit-graph", "write", "--reachable"], null, cancellationToken);
        DirtyWorktree(building);
        await File.WriteAllTextAsync(System.IO.Path.Combine(building, ".git", "lightning-bench-complete"), Version, cancellationToken);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.Move(building, root);
        output.WriteLine($"  repository {root} (generated with git fast-import in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        return repository;
    }

    static string FilePath(int file) => string.Create(CultureInfo.InvariantCulture, $"src/m{file % Folders:00}/f{file:0000}.txt");

    /// <summary>
    /// Commit 1 adds every file; commit n (2..10,000) rewrites one line of two files. Feature branch k starts at main's
    /// commit 9,000 + 9k and changes three files of its own, plus, when k is a multiple of 3, line 1 of one of two
    /// shared files: branches sharing that file conflict with each other; some branches also conflict with the main
    /// commits made after their fork point, which rewrote line 0 of one of their files.
    /// </summary>
    static async Task WriteStreamAsync(Stream input, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(input, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var content = new string[FileCount][];
        for (var f = 0; f < FileCount; f++)
        {
            content[f] = new string[LinesPerFile];
            for (var l = 0; l < LinesPerFile; l++)
            {
                content[f][l] = string.Create(CultureInfo.InvariantCulture, $"file {f} line {l}: initial text of the benchmark repository");
            }
        }

        var shared = Enumerable.Range(0, 2).Select(i => string.Create(CultureInfo.InvariantCulture, $"shared/hot{i}.txt")).ToArray();
        for (var commit = 1; commit <= CommitCount; commit++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var changes = new List<(string Path, string Text)>();
            if (commit == 1)
            {
                for (var f = 0; f < FileCount; f++)
                {
                    changes.Add((FilePath(f), Text(content[f])));
                }

                changes.AddRange(shared.Select(path => (path, "shared line 1\nshared line 2\nshared line 3\n")));
            }
            else
            {
                foreach (var f in new[] { (commit * 7) % FileCount, (commit * 13 + 1) % FileCount })
                {
                    content[f][commit % LinesPerFile] = string.Create(CultureInfo.InvariantCulture, $"file {f} line {commit % LinesPerFile}: changed by commit {commit}");
                    changes.Add((FilePath(f), Text(content[f])));
                }
            }

            await WriteCommitAsync(writer, "refs/heads/main", commit, Epoch.AddMinutes(commit - 1),
                string.Create(CultureInfo.InvariantCulture, $"{(commit % 3 == 0 ? "fix" : "feat")}(m{commit % Folders:00}): change {commit}\n\nBody of commit {commit}.\n"),
                commit == 1 ? null : string.Create(CultureInfo.InvariantCulture, $":{commit - 1}"), changes);
            if (commit == 1_000)
            {
                await writer.WriteAsync("reset refs/tags/bench/distant-from\nfrom :1000\n\n");
            }
        }

        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"reset refs/tags/bench/distant-to\nfrom :{CommitCount}\n\n"));
        for (var branch = 0; branch < BranchCount; branch++)
        {
            var changes = new List<(string Path, string Text)>();
            foreach (var f in new[] { 10 * branch, (10 * branch) + 1, (10 * branch) + 2 })
            {
                var lines = (string[])content[f].Clone();
                lines[0] = string.Create(CultureInfo.InvariantCulture, $"file {f} line 0: changed on {BranchName(branch)}");
                changes.Add((FilePath(f), Text(lines)));
            }

            if (branch % 3 == 0)
            {
                changes.Add((shared[branch / 3 % shared.Length], string.Create(CultureInfo.InvariantCulture, $"shared line 1 as {BranchName(branch)} has it\nshared line 2\nshared line 3\n")));
            }

            await WriteCommitAsync(writer, "refs/heads/" + BranchName(branch), CommitCount + 1 + branch, BranchTime(branch),
                string.Create(CultureInfo.InvariantCulture, $"feat(b{branch:000}): work on branch {branch}\n"),
                string.Create(CultureInfo.InvariantCulture, $":{9_000 + (9 * branch)}"), changes);
        }

        await writer.WriteAsync("done\n");
    }

    static string Text(string[] lines) => string.Join('\n', lines) + "\n";

    static async Task WriteCommitAsync(StreamWriter writer, string reference, int mark, DateTimeOffset when, string message, string? parent,
        List<(string Path, string Text)> changes)
    {
        var seconds = when.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var author = (mark % 5) switch { 0 => "Ada Lovelace <ada@example.com>", 1 => "Grace Hopper <grace@example.com>", 2 => "Alan Turing <alan@example.com>", 3 => "Edsger Dijkstra <edsger@example.com>", _ => "Barbara Liskov <barbara@example.com>" };
        await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
            $"commit {reference}\nmark :{mark}\nauthor {author} {seconds} +0000\ncommitter {author} {seconds} +0000\ndata {Encoding.UTF8.GetByteCount(message)}\n{message}\n"));
        if (parent is not null)
        {
            await writer.WriteAsync($"from {parent}\n");
        }

        foreach (var (path, text) in changes)
        {
            await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"M 100644 inline {path}\ndata {Encoding.UTF8.GetByteCount(text)}\n{text}\n"));
        }

        await writer.WriteAsync('\n');
    }

    /// <summary>A worktree with work in progress, so status has something to find: 20 files changed, 5 deleted, 10 untracked.</summary>
    static void DirtyWorktree(string root)
    {
        for (var i = 0; i < 20; i++)
        {
            File.AppendAllText(System.IO.Path.Combine(root, FilePath(i * 211)), "a line added in the worktree\n");
        }

        for (var i = 0; i < 5; i++)
        {
            File.Delete(System.IO.Path.Combine(root, FilePath((i * 397) + 3)));
        }

        Directory.CreateDirectory(System.IO.Path.Combine(root, "scratch"));
        for (var i = 0; i < 10; i++)
        {
            File.WriteAllText(System.IO.Path.Combine(root, "scratch", string.Create(CultureInfo.InvariantCulture, $"note{i}.txt")), "untracked\n");
        }
    }

    /// <summary>Runs git with an argument list; <paramref name="writeInput"/>, when given, writes its standard input.</summary>
    static async Task GitAsync(string directory, string[] arguments, Func<Stream, CancellationToken, Task>? writeInput, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start.");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        if (writeInput is not null)
        {
            await writeInput(process.StandardInput.BaseStream, cancellationToken);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync(cancellationToken);
        await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed ({process.ExitCode}): {(await stderr).Trim()}");
        }
    }
}
