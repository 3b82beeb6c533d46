using Lightning.Core.Processes;

namespace Lightning.Testing.Generation;

/// <summary>Runs a command (its program resolved by the toolchain probe) in a directory, as the generator runs its own.</summary>
internal delegate Task<ProcessResult> HelperProcess(IReadOnlyList<string> command, string directory, CancellationToken cancellationToken);
