using Lightning.Testing.Detection;
using Lightning.Testing.Detection.Toolchains;

namespace Lightning.Server.Endpoints.Testing;

/// <summary>The projects found, and (when probed) the toolchain of each: ready, or what to install.</summary>
public sealed record TestDetectionView(TestDetectionReport Report, IReadOnlyList<ToolchainReport>? Toolchains);
