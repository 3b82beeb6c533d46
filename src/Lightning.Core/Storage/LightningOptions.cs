using System.ComponentModel.DataAnnotations;

namespace Lightning.Core.Storage;

/// <summary>Where the platform keeps its state. Bound from the <c>Lightning</c> section; <c>LIGHTNING_DATA</c> overrides the directory.</summary>
public sealed class LightningOptions
{
    public const string SectionName = "Lightning";

    [Required]
    public string DataDirectory { get; set; } = ".lightning";

    public DatabaseOptions Database { get; set; } = new();

    public string DataPath(params string[] parts) => Path.GetFullPath(Path.Combine([DataDirectory, .. parts]));
}
