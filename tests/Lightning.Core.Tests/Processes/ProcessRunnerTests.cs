using Lightning.Core.Errors;
using Lightning.Core.Processes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lightning.Core.Tests.Processes;

public sealed class ProcessRunnerTests
{
    readonly ProcessRunner _runner = new(NullLogger<ProcessRunner>.Instance, TimeProvider.System);

    static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_CommandExits_ReportsExitCodeAndOutput()
    {
        var result = await _runner.RunAsync(new ProcessSpec("sh", ["-c", "echo out; echo err >&2; exit 3"]), null, Token);

        result.Outcome.ShouldBe(ProcessOutcome.Exited);
        result.ExitCode.ShouldBe(3);
        result.Output.ShouldContain("out\n");
        result.Output.ShouldContain("err\n");
        result.Succeeded.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_ArgumentsWithShellCharacters_ArePassedVerbatim()
    {
        var hostile = "$(touch /tmp/lightning-pwned); `id` | cat > x && echo 'q\"";

        var result = await _runner.RunAsync(new ProcessSpec("printf", ["%s", hostile]), null, Token);

        result.Output.ShouldBe(hostile);
        File.Exists("/tmp/lightning-pwned").ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_OutputArrives_StreamsChunksBeforeExit()
    {
        var chunks = new List<(OutputChunk Chunk, long At)>();
        var started = TimeProvider.System.GetTimestamp();

        var result = await _runner.RunAsync(
            new ProcessSpec("sh", ["-c", "echo first; sleep 0.5; echo second"]),
            chunk => chunks.Add((chunk, TimeProvider.System.GetTimestamp())),
            Token);

        result.Succeeded.ShouldBeTrue();
        var first = chunks.First(c => c.Chunk.Text.Contains("first", StringComparison.Ordinal));
        var second = chunks.First(c => c.Chunk.Text.Contains("second", StringComparison.Ordinal));
        TimeProvider.System.GetElapsedTime(first.At, second.At).ShouldBeGreaterThan(TimeSpan.FromMilliseconds(300));
        first.Chunk.Stream.ShouldBe(OutputStream.Stdout);
        TimeProvider.System.GetElapsedTime(started, first.At).ShouldBeLessThan(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task RunAsync_PastTimeout_KillsProcessTree()
    {
        using var marker = new TempFile();
        var spec = new ProcessSpec("sh", ["-c", $"(sleep 2; touch {marker.Path}) & sleep 30"]) { Timeout = TimeSpan.FromMilliseconds(300) };

        var result = await _runner.RunAsync(spec, null, Token);

        result.Outcome.ShouldBe(ProcessOutcome.TimedOut);
        result.ExitCode.ShouldBeNull();
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        await Task.Delay(2500, Token);
        File.Exists(marker.Path).ShouldBeFalse("the child of the timed-out process must be killed too");
    }

    [Fact]
    public async Task RunAsync_OutputOverLimit_StopsAndKeepsOnlyTheLimit()
    {
        var spec = new ProcessSpec("sh", ["-c", "yes lightning"]) { MaxOutputBytes = 10_000 };

        var result = await _runner.RunAsync(spec, null, Token);

        result.Outcome.ShouldBe(ProcessOutcome.OutputLimitExceeded);
        result.Output.Length.ShouldBeLessThanOrEqualTo(10_000);
        result.Output.ShouldStartWith("lightning\n");
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsAndReportsCancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(200);

        var result = await _runner.RunAsync(new ProcessSpec("sleep", ["30"]), null, cancel.Token);

        result.Outcome.ShouldBe(ProcessOutcome.Cancelled);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task RunAsync_SecretsInEnvironment_AreNotPassedOn()
    {
        Environment.SetEnvironmentVariable("LIGHTNING_API_KEY", "lk_secret");
        Environment.SetEnvironmentVariable("MY_SERVICE_TOKEN", "tok");
        Environment.SetEnvironmentVariable("HARMLESS_SETTING", "visible");
        try
        {
            var spec = new ProcessSpec("env", []) { Environment = new Dictionary<string, string> { ["EXPLICIT"] = "given" } };

            var result = await _runner.RunAsync(spec, null, Token);

            result.Output.ShouldNotContain("lk_secret");
            result.Output.ShouldNotContain("MY_SERVICE_TOKEN");
            result.Output.ShouldContain("HARMLESS_SETTING=visible");
            result.Output.ShouldContain("EXPLICIT=given");
        }
        finally
        {
            Environment.SetEnvironmentVariable("LIGHTNING_API_KEY", null);
            Environment.SetEnvironmentVariable("MY_SERVICE_TOKEN", null);
            Environment.SetEnvironmentVariable("HARMLESS_SETTING", null);
        }
    }

    [Fact]
    public async Task RunAsync_ProgramMissing_ThrowsClearError()
    {
        var error = await Should.ThrowAsync<LightningException>(() => _runner.RunAsync(new ProcessSpec("no-such-program-xyz", []), null, Token));

        error.Code.ShouldBe("process.start_failed");
        error.Message.ShouldContain("no-such-program-xyz");
    }

    [Fact]
    public async Task RunAsync_WorkingDirectory_IsUsed()
    {
        using var directory = new Lightning.TestUtilities.TempDirectory();

        var result = await _runner.RunAsync(new ProcessSpec("pwd", []) { WorkingDirectory = directory.Path }, null, Token);

        result.Output.Trim().ShouldBe(directory.Path);
    }

    sealed class TempFile : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lightning-marker-" + Guid.NewGuid().ToString("N"));

        public void Dispose() => File.Delete(Path);
    }
}
