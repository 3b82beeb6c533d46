namespace Lightning.Agents.Actions;

public enum ActionKind
{
    /// <summary>Run a program with an argument list: locally in the agent's workspace, or on its SSH host.</summary>
    Command,
    /// <summary>Read a text file from the agent's workspace.</summary>
    ReadFile,
    /// <summary>Write a text file in the agent's workspace, atomically.</summary>
    WriteFile,
    /// <summary>List a directory of the agent's workspace.</summary>
    ListFiles,
    /// <summary>Ask the agent's model, answering in its role.</summary>
    Prompt,
}
