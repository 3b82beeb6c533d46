namespace Lightning.Collaboration.Messaging;

/// <summary>What a message does, after the FIPA agent communication language: the intent, apart from the content.</summary>
public enum Performative
{
    Request,
    Inform,
    Agree,
    Refuse,
    Failure,
    Cancel,
    CallForProposal,
    Propose,
    AcceptProposal,
    RejectProposal,
    QueryIf,
    Confirm,
    NotUnderstood,
}
