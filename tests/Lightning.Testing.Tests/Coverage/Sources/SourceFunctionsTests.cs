using Lightning.Testing.Coverage;
using Lightning.Testing.Coverage.Sources;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Coverage.Sources;

public sealed class SourceFunctionsTests
{
    [Fact]
    public void Find_Python_DefsClassesMethodsAndNestedFunctions()
    {
        var functions = SourceFunctions.Find("m.py", """
            import os


            @decorator
            def top(a):
                def inner():
                    return a

                # a comment at the end of the body
                return inner


            class Shape:
                \"\"\"A class.\"\"\"

                async def area(self):
                    return 0

            def last():
                pass
            """);

        functions.ShouldBe(
        [
            new SourceFunction("top", 5, 10),
            new SourceFunction("inner", 6, 7),
            new SourceFunction("Shape.area", 16, 17),
            new SourceFunction("last", 19, 20),
        ]);
    }

    [Fact]
    public void Find_Go_FuncsAndMethodsAsGoToolCoverNamesThem()
    {
        var functions = SourceFunctions.Find("x.go", """
            package x

            func Add(a, b int) int {
            	if a > 0 {
            		return a + b
            	}
            	return b
            }

            func (s *Stack[T]) Push(v T) { s.items = append(s.items, v) }

            func Map[T, U any](xs []T, f func(T) U) []U {
            	return nil
            }
            """);

        functions.ShouldBe([new SourceFunction("Add", 3, 8), new SourceFunction("Push", 10, 10), new SourceFunction("Map", 12, 14)]);
    }

    [Fact]
    public void Find_Ruby_ModuleAndInstanceMethods()
    {
        var functions = SourceFunctions.Find("calc.rb", """
            module Calc
              def self.add(a, b)
                a + b
              end

              class Acc
                def push(v)
                  @total += v
                  self
                end

                def empty? = @total.zero?
              end
            end
            """);

        functions.ShouldBe([new SourceFunction("Calc.add", 2, 4), new SourceFunction("Calc::Acc#push", 7, 10), new SourceFunction("Calc::Acc#empty?", 12, 12)]);
    }

    [Fact]
    public void Find_OtherLanguages_FindsNothing()
    {
        SourceFunctions.Supports("a.js").ShouldBeFalse();
        SourceFunctions.Find("a.js", "function f() {}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Add_GivesFunctionsTheHitsOfTheirFirstMeasuredLine_SkipsUnmeasuredOnes()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.Combine("m.py"), "def used():\n    return 1\n\ndef unused():  # pragma: no cover\n    return 2\n\ndef never():\n    return 3\n", TestContext.Current.CancellationToken);
        var report = CoverageReport.Build(
        [
            FileCoverage.Build("m.py", [new LineCoverage(1, 1), new LineCoverage(2, 4), new LineCoverage(7, 1), new LineCoverage(8, 0)], [], CoverageCombine.Max),
            FileCoverage.Build("missing.py", [new LineCoverage(1, 1)], [], CoverageCombine.Max),
            FileCoverage.Build("m.js", [new LineCoverage(1, 1)], [], CoverageCombine.Max),
        ], CoverageCombine.Max, []);

        var added = await SourceFunctions.AddAsync(report, new RepositorySources(temp.Path), TestContext.Current.CancellationToken);

        added.File("m.py")!.Functions.ShouldBe([new FunctionCoverage("used", 1, 4) { EndLine = 2 }, new FunctionCoverage("never", 7, 0) { EndLine = 8 }]);
        added.File("missing.py")!.Functions.ShouldBeEmpty();
        added.File("m.js")!.Functions.ShouldBeEmpty();
    }
}
