using Lightning.Testing.Runners.Dotnet;
using Lightning.Testing.Tests.Detection;

namespace Lightning.Testing.Tests.Runners.Dotnet;

public sealed class DotnetTestClassesTests
{
    [Fact]
    public void ClassOf_NestedClasses_NamedOuterPlusInner_OuterMethodsAfterThemKeepTheOuterClass()
    {
        using var workspace = new FixtureWorkspace();
        workspace.Write("repo/TextTests.cs", """
            namespace Fixture.More;

            [TestClass]
            public class TextTests
            {
                [TestMethod]
                public void Upper() { }

                [TestClass]
                public class Nested
                {
                    [TestMethod]
                    public void Deep() { if (true) { } }

                    public class Deeper {
                        [Test]
                        public void Deepest() { }
                    }
                }

                [TestMethod]
                public void Lower() { }
            }

            public class Other
            {
                [Fact]
                public void Alone() { }
            }
            """);

        var classes = new DotnetTestClasses(workspace.Full("repo"));

        classes.ClassOf("Upper").ShouldBe("Fixture.More.TextTests");
        classes.ClassOf("Deep").ShouldBe("Fixture.More.TextTests+Nested");
        classes.ClassOf("Deepest").ShouldBe("Fixture.More.TextTests+Nested+Deeper");
        classes.ClassOf("Lower").ShouldBe("Fixture.More.TextTests");
        classes.ClassOf("Alone").ShouldBe("Fixture.More.Other");
    }
}
