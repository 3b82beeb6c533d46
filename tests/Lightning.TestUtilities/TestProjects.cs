namespace Lightning.TestUtilities;

/// <summary>Small test projects for the real test runners, shared by the server's and the CLI's tests.</summary>
public static class TestProjects
{
    /// <summary>The id of <see cref="JUnitTwoClasses"/>' failing test, as results name it.</summary>
    public const string JUnitFailingTest = "com.example.ZetaTest::fails()";

    /// <summary>
    /// A plain JUnit 5 project (no build file: javac and the console launcher) with two classes: <c>AlphaTest</c>, whose
    /// two tests pass, and <c>ZetaTest</c>, whose one test fails. Jupiter runs them in its own order, <c>AlphaTest</c>
    /// first; a smart-ordered run after a first one starts with <see cref="JUnitFailingTest"/>.
    /// </summary>
    public static string JUnitTwoClasses(string directory)
    {
        Write(directory, "src/main/java/com/example/Calc.java", "package com.example;\n\npublic class Calc {\n    public static int add(int a, int b) { return a + b; }\n}\n");
        Write(directory, "src/test/java/com/example/AlphaTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class AlphaTest {
                @Test
                void adds() { assertEquals(5, Calc.add(2, 3)); }

                @Test
                void addsZero() { assertEquals(2, Calc.add(2, 0)); }
            }
            """);
        Write(directory, "src/test/java/com/example/ZetaTest.java", """
            package com.example;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import org.junit.jupiter.api.Test;

            class ZetaTest {
                @Test
                void fails() { assertEquals(5, Calc.add(2, 2), "two and two make four"); }
            }
            """);
        return directory;
    }

    static void Write(string root, string path, string text)
    {
        var full = Path.Combine(root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }
}
