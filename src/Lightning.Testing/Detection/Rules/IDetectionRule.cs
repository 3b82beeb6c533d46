namespace Lightning.Testing.Detection.Rules;

/// <summary>Finds the projects of one ecosystem (one or several frameworks) in a walked repository.</summary>
internal interface IDetectionRule
{
    IEnumerable<DetectedTestProject> Detect(RepositoryTree tree);
}
