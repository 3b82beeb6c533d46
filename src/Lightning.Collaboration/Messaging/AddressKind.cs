namespace Lightning.Collaboration.Messaging;

public enum AddressKind
{
    /// <summary>One named agent.</summary>
    Agent,
    /// <summary>Any one agent that has the capability (competing consumers).</summary>
    Capability,
    /// <summary>Every agent known to the bus, each its own copy.</summary>
    Broadcast,
}
