using Lightning.Core.Processes;

namespace Lightning.Testing.Parallel;

/// <summary>Runs a framework's listing command in the project's directory, with the search path test processes get.</summary>
internal sealed class ShardLister(IProcessRunner processes, IReadOnlyList<string> command, string directory, string searchPath)
{
    /// <summary>The project's test command, programs resolved by the toolchain probe.</summary>
    public IReadOnlyList<string> Command { get; } = command;

    public string Directory { get; } = directory;

    public async Task<ProcessResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var variables = new Dictionary<string, string>(environment ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["PATH"] = searchPath };
        var spec = new ProcessSpec(command[0], [.. command.Skip(1)])
        {
            WorkingDirectory = Directory,
            Environment = variables,
            Timeout = TimeSpan.FromMinutes(5),
            MaxOutputBytes = 64L * 1024 * 1024,
        };
        return await processes.RunAsync(spec, null, cancellationToken);
    }

    /// <summary>
    /// Why a listing failed, on one line: the command and <paramref name="errors"/> (the errors a framework's output
    /// names, such as a build's compiler errors) or, without any, the end of its output.
    /// </summary>
    public static string Failed(IReadOnlyList<string> command, ProcessResult result, IReadOnlyList<string>? errors = null)
    {
        var why = result.ExitCode is { } code ? $"exit code {code}" : result.Outcome.ToString();
        var shown = $"'{string.Join(' ', [System.IO.Path.GetFileName(command[0]), .. command.Skip(1)])}' failed ({why})";
        if (errors is { Count: > 0 })
        {
            return $"{shown}: {string.Join(" | ", errors)}";
        }

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var tail = string.Join(" | ", lines.TakeLast(3));
        return $"{shown}{(tail.Length > 0 ? ": " + (tail.Length > 300 ? "..." + tail[^300..] : tail) : "")}";
    }

    /// <summary>A scratch directory outside the repository for a listing's output file; deleted when disposed.</summary>
    public static ScratchDirectory Scratch() => new(System.IO.Directory.CreateTempSubdirectory("lightning-shards-").FullName);

    public sealed class ScratchDirectory(string path) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // The system's temp cleaning gets what a listing process still held.
            }
        }
    }
}
