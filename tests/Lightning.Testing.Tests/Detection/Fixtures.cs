namespace Lightning.Testing.Tests.Detection;

/// <summary>
/// Small projects, one per framework, that the real toolchains on this machine can run: one passing test each (a
/// failing one when asked), so a detected command can be shown to work end to end.
/// </summary>
internal static class Fixtures
{
    public static void Pytest(FixtureWorkspace workspace, string root, bool failing = false) => workspace
        .Write($"{root}/pytest.ini", "[pytest]\ntestpaths = tests\npythonpath = .\n")
        .Write($"{root}/calc.py", "def add(a, b):\n    return a + b\n")
        .Write($"{root}/tests/test_calc.py", $"from calc import add\n\n\ndef test_add():\n    assert add(2, 3) == {(failing ? 6 : 5)}\n")
        .Write($"{root}/tests/helpers.py", "VALUE = 1\n");

    public static void Jest(FixtureWorkspace workspace, string root) => workspace
        .Write($"{root}/package.json", """{ "name": "calc", "private": true, "scripts": { "test": "jest" }, "devDependencies": { "jest": "^29.7.0" } }""")
        .Write($"{root}/sum.js", "module.exports = (a, b) => a + b;\n")
        .Write($"{root}/sum.test.js", "const sum = require('./sum');\ntest('adds', () => { expect(sum(2, 3)).toBe(5); });\n");

    public static void Go(FixtureWorkspace workspace, string root, bool failing = false) => workspace
        .Write($"{root}/go.mod", "module example.com/calc\n\ngo 1.19\n")
        .Write($"{root}/calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n")
        .Write($"{root}/calc_test.go", $$"""
            package calc

            import "testing"

            func TestAdd(t *testing.T) {
                if Add(2, 3) != {{(failing ? 6 : 5)}} {
                    t.Fatal("wrong sum")
                }
            }
            """);

    public static void JUnitMaven(FixtureWorkspace workspace, string root) => workspace
        .Write($"{root}/pom.xml", """
            <project>
              <modelVersion>4.0.0</modelVersion>
              <groupId>com.example</groupId>
              <artifactId>calc</artifactId>
              <version>1.0</version>
              <dependencies>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>5.9.2</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
            </project>
            """)
        .Write($"{root}/src/main/java/com/example/Calc.java", "package com.example;\n\npublic class Calc {\n    public static int add(int a, int b) { return a + b; }\n}\n")
        .Write($"{root}/src/test/java/com/example/CalcTest.java", """
            package com.example;

            import org.junit.jupiter.api.Test;
            import static org.junit.jupiter.api.Assertions.assertEquals;

            class CalcTest {
                @Test
                void adds() { assertEquals(5, Calc.add(2, 3)); }
            }
            """)
        .Write($"{root}/src/test/java/com/example/TestData.java", "package com.example;\n\nfinal class TestData {\n    static final int TWO = 2;\n}\n");

    public static void Rspec(FixtureWorkspace workspace, string root) => workspace
        .Write($"{root}/.rspec", "--format progress\n")
        .Write($"{root}/lib/calc.rb", "module Calc\n  def self.add(a, b)\n    a + b\n  end\nend\n")
        .Write($"{root}/spec/calc_spec.rb", "require_relative '../lib/calc'\n\nRSpec.describe Calc do\n  it 'adds' do\n    expect(Calc.add(2, 3)).to eq(5)\n  end\nend\n");

    public static void PhpUnit(FixtureWorkspace workspace, string root) => workspace
        .Write($"{root}/phpunit.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <phpunit colors="false">
              <testsuites>
                <testsuite name="unit">
                  <directory suffix="Test.php">tests</directory>
                </testsuite>
              </testsuites>
            </phpunit>
            """)
        .Write($"{root}/src/Calc.php", "<?php\n\nfinal class Calc\n{\n    public static function add(int $a, int $b): int { return $a + $b; }\n}\n")
        .Write($"{root}/tests/CalcTest.php", """
            <?php

            require_once __DIR__ . '/../src/Calc.php';

            final class CalcTest extends PHPUnit\Framework\TestCase
            {
                public function testAdds(): void { $this->assertSame(5, Calc::add(2, 3)); }
            }
            """);

    public static void Xunit(FixtureWorkspace workspace, string root, string name = "Calc.Tests") => workspace
        .Write($"{root}/{name}.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.0" />
                <PackageReference Include="xunit" Version="2.9.3" />
                <PackageReference Include="xunit.runner.visualstudio" Version="3.1.0" />
              </ItemGroup>
            </Project>
            """)
        .Write($"{root}/CalcTests.cs", "public class CalcTests\n{\n    [Fact]\n    public void Adds() => Assert.Equal(5, 2 + 3);\n}\n")
        .Write($"{root}/Helpers.cs", "static class Helpers { }\n");
}
