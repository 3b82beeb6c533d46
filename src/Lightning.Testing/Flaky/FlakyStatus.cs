namespace Lightning.Testing.Flaky;

/// <summary>What the detector concluded about a test that failed at least once.</summary>
public enum FlakyStatus
{
    /// <summary>Passes and fails on the same code: reported as flaky (never hidden).</summary>
    Flaky,

    /// <summary>Fails consistently since a change it depends on: a real failure, not flakiness.</summary>
    Broken,

    /// <summary>Not enough evidence either way; a targeted rerun decides.</summary>
    Inconclusive,

    /// <summary>Its failures were all explained by changes and fixed by later ones.</summary>
    Stable,
}
