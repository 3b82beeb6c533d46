using System.ComponentModel.DataAnnotations;

namespace Lightning.Testing.Detection;

/// <summary>The <c>Lightning:Testing:Detection</c> section: how far the walk of a repository goes.</summary>
public sealed class TestDetectionOptions
{
    public const string SectionName = "Lightning:Testing:Detection";

    /// <summary>Directory levels below the repository root that are walked; deeper directories are reported, not read.</summary>
    [Range(1, 64)]
    public int MaxDepth { get; set; } = 16;

    /// <summary>Files the walk lists before it stops (and says so): a huge tree cannot hold a detection for long.</summary>
    [Range(1, 1_000_000)]
    public int MaxFiles { get; set; } = 50_000;

    /// <summary>Manifests (package.json, pom.xml, *.csproj, ...) larger than this are not read.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxManifestBytes { get; set; } = 1024 * 1024;

    /// <summary>How much of a source file is read to see its imports and test attributes.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxSourceBytes { get; set; } = 64 * 1024;
}
