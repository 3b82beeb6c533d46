using System.Security.Cryptography;
using System.Text;
using Lightning.Core.Errors;
using Lightning.Core.Processes;

namespace Lightning.Testing.Generation.CSharp;

/// <summary>
/// The harness program (embedded <c>Harness/Program.txt</c> and its project) built once per machine: written to
/// <c>&lt;temp&gt;/lightning-testgen-harness/&lt;hash of its sources&gt;</c> and built there with <c>dotnet build</c>
/// (no packages, so offline). A changed harness gets a new hash and a new build; concurrent builders each build in a
/// directory of their own and the first to finish moves its build into place.
/// </summary>
internal static class CSharpHarness
{
    const string AssemblyFile = "LightningTestGenHarness.dll";

    static readonly SemaphoreSlim Building = new(1, 1);

    /// <summary>The built harness assembly (run with <c>dotnet &lt;path&gt;</c>), building it first when this machine has not.</summary>
    public static async Task<string> EnsureBuiltAsync(
        Func<IReadOnlyList<string>, string, TimeSpan, Task<ProcessResult>> run, string dotnet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var program = Resource("Program.txt");
        var project = Resource("Harness.csproj.txt");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(program + "\n" + project)))[..16];
        var home = Path.Combine(Path.GetTempPath(), "lightning-testgen-harness", hash);
        var built = Path.Combine(home, "out", AssemblyFile);
        if (File.Exists(built))
        {
            return built;
        }

        await Building.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(built))
            {
                return built;
            }

            var work = Path.Combine(Path.GetTempPath(), "lightning-testgen-harness", $"{hash}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(work);
            await File.WriteAllTextAsync(Path.Combine(work, "Program.cs"), program, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(work, "LightningTestGenHarness.csproj"), project, cancellationToken);
            var result = await run([dotnet, "build", "LightningTestGenHarness.csproj", "-c", "Release", "-o", "out", "-nologo", "-v:q"], work, timeout);
            if (!result.Succeeded || !File.Exists(Path.Combine(work, "out", AssemblyFile)))
            {
                Directory.Delete(work, recursive: true);
                var tail = string.Join(" | ", result.Output.Trim().Split('\n').TakeLast(3));
                throw new LightningException(ErrorKind.Unavailable, "testing.generation_harness_failed", $"The C# test-generation harness did not build (dotnet build: {tail}).");
            }

            try
            {
                Directory.Move(work, home);
            }
            catch (IOException)
            {
                // Another process moved its build into place first: use that one.
                Directory.Delete(work, recursive: true);
            }

            return built;
        }
        finally
        {
            Building.Release();
        }
    }

    static string Resource(string name)
    {
        using var stream = typeof(CSharpHarness).Assembly.GetManifestResourceStream($"Lightning.Testing.Generation.CSharp.{name}")
            ?? throw new InvalidOperationException($"The harness file {name} is not embedded in Lightning.Testing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
