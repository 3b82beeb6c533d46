using System.Diagnostics;
using System.Security.Cryptography;
using Lightning.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Lightning.Testing.Generation.Go;

/// <summary>
/// Builds the Go helper once per content: the binary lives in the temp directory under the hash of its source, so
/// every later run (and every other generator in this process) reuses it instead of paying for <c>go run</c>.
/// </summary>
internal static class GoHelperBuild
{
    static readonly SemaphoreSlim Gate = new(1, 1);

    public static async Task<IReadOnlyList<string>> CommandAsync(string helper, HelperProcess run, ILogger logger, CancellationToken cancellationToken)
    {
        var source = await File.ReadAllBytesAsync(helper, cancellationToken);
        var hash = Convert.ToHexStringLower(SHA256.HashData(source))[..16];
        var directory = Path.Combine(Path.GetTempPath(), "lightning-go-testgen", hash);
        var binary = Path.Combine(directory, "lightning_testgen");
        if (File.Exists(binary))
        {
            return [binary];
        }

        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(binary))
            {
                return [binary];
            }

            Directory.CreateDirectory(directory);
            var started = Stopwatch.GetTimestamp();
            var temporary = Path.Combine(directory, $".build-{Guid.NewGuid():N}");
            // A lone file outside any module builds with the standard library only: no network, no go.mod needed.
            var result = await run(["go", "build", "-o", temporary, helper], Path.GetDirectoryName(helper)!, cancellationToken);
            if (!result.Succeeded || !File.Exists(temporary))
            {
                var problem = string.Join(" | ", result.Output.Trim().Split('\n').Take(5));
                Log.HelperBuildFailed(logger, problem);
                throw new LightningException(ErrorKind.Unavailable, "testing.generation_helper_failed",
                    $"The Go helper for test generation did not build with this machine's go ({problem}).");
            }

            File.Move(temporary, binary, overwrite: true);
            Log.HelperBuilt(logger, binary, Stopwatch.GetElapsedTime(started));
            return [binary];
        }
        finally
        {
            Gate.Release();
        }
    }
}
