namespace Lightning.Testing.Selection.Dependencies;

public enum SourceLanguage
{
    Python,
    JavaScript,
    Go,
    Java,
    Ruby,
    Php,
    CSharp,
}
