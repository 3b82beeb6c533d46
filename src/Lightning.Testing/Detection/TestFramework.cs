namespace Lightning.Testing.Detection;

/// <summary>
/// The test frameworks detection knows. The first seven run on the platform; <see cref="Vitest"/> and <see cref="Mocha"/>
/// are recognised so a user is told why their tests are not run, and pointed to the custom runner. <see cref="Custom"/> is
/// never detected: it is a command the user gives (Runners/Custom), which writes JUnit XML, TAP or another known report.
/// </summary>
public enum TestFramework
{
    Pytest,
    Jest,
    GoTest,
    Junit5,
    Rspec,
    Phpunit,
    DotnetTest,
    Vitest,
    Mocha,
    Custom,
}
