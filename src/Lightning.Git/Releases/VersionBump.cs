namespace Lightning.Git.Releases;

/// <summary>How far a set of commits moves a semantic version; ordered so the largest wins.</summary>
public enum VersionBump
{
    None = 0,
    Patch = 1,
    Minor = 2,
    Major = 3,
}
