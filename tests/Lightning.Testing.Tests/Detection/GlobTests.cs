using Lightning.Testing.Detection;

namespace Lightning.Testing.Tests.Detection;

public sealed class GlobTests
{
    [Theory]
    [InlineData("tests/**/*Test.php", "tests/CalcTest.php", true)]
    [InlineData("tests/**/*Test.php", "tests/Unit/Deep/CalcTest.php", true)]
    [InlineData("tests/**/*Test.php", "tests/Unit/Helper.php", false)]
    [InlineData("tests/**/*Test.php", "src/tests/CalcTest.php", false)]
    [InlineData("**/*.phpt", "a/b.phpt", true)]
    [InlineData("**/*.phpt", "b.phpt", true)]
    [InlineData("*.php", "a/b.php", false)]
    [InlineData("extra/Smoke?.php", "extra/Smoke1.php", true)]
    [InlineData("a.b/c.php", "aXb/c.php", false)]
    public void Matches_StarsAndQuestionMarks_StayWithinOrCrossDirectories(string glob, string path, bool expected) =>
        Glob.Matches(glob, path).ShouldBe(expected);
}
