namespace Lightning.Testing.Flaky;

/// <summary>Why a flaky test is flaky, as far as the evidence tells.</summary>
public enum FlakyKind
{
    /// <summary>No pattern found: it fails now and then on the same code.</summary>
    Random,

    /// <summary>Its failures cluster at certain times of day, or say a clock, a date or a timeout was involved.</summary>
    TimeDependent,

    /// <summary>It fails after a certain other test ran (found by reordering and bisecting).</summary>
    OrderDependent,
}
