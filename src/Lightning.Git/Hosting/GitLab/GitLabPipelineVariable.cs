namespace Lightning.Git.Hosting.GitLab;

/// <summary>A variable passed to a triggered pipeline. <paramref name="VariableType"/>: env_var or file.</summary>
public sealed record GitLabPipelineVariable(string Key, string Value, string VariableType = "env_var");
