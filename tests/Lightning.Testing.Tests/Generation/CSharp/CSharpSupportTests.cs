using Lightning.Testing.Generation;
using Lightning.Testing.Generation.CSharp;

namespace Lightning.Testing.Tests.Generation.CSharp;

/// <summary>The C# pieces that need no dotnet: Roslyn analysis, inputs per type, names and the rendered file.</summary>
public sealed class CSharpSupportTests
{
    const string Source = """
        namespace Shop.Parts;

        public class Widget(int size)
        {
            /// <summary>
            /// Scales the widget.
            /// </summary>
            public int Scale(int factor) => factor > 0 && size > 0 ? size * factor : throw new ArgumentOutOfRangeException(nameof(factor));

            public T Echo<T>(T value) => value;

            public void Swap(ref int a, ref int b) { (a, b) = (b, a); }

            public static int Sum(params int[] items) => items.Sum();

            public static int Pick(int a) => a;

            public static int Pick(string a) => a.Length;

            public static Task<int> LaterAsync(int a) => Task.FromResult(a);

            public static int Measure(Stream stream) => (int)stream.Length;

            int Hidden() => 1;
        }

        public class NeedsStream(Stream stream)
        {
            public long Length() => stream.Length;

            public static string Name(string? prefix = null) => prefix ?? "none";
        }

        internal class Internal
        {
            public static int Visible() => 1;
        }

        public static class Generics
        {
            public static T Max<T>(T a, T b) where T : System.Numerics.INumber<T> => a > b ? a : b;

            public static string Describe<T>(T? value) where T : class => value?.ToString() ?? "none";

            public static List<T> Twice<T>(T? item) where T : struct => item is { } v ? [v, v] : [];

            public static T OrDefault<T>(T? value, T fallback) => value ?? fallback;

            public static TKey[] Pair<TKey, TValue>(TKey key, TValue value) where TKey : notnull, IComparable<TKey> where TValue : class => [key];

            public static T Make<T>() where T : class, new() => new T();

            public static double Area<T>(T shape) where T : IShape => shape.Area;
        }

        public class Box<T>
        {
            public static int Size() => 1;
        }
        """;

    [Fact]
    public void Analyze_Class_FindsPublicMethodsTheirTypesAndWhatIsLeftOut()
    {
        var notes = new List<string>();

        var result = CSharpAnalyzer.Analyze("Shop/Parts.cs", Source, notes);

        result.Analysis.Points.Select(p => p.QualifiedName).ShouldBe([
            "Widget.Scale", "Widget.Echo", "Widget.Sum", "Widget.LaterAsync", "NeedsStream.Name",
            "Generics.Max", "Generics.Describe", "Generics.Twice", "Generics.OrDefault", "Generics.Pair"]);
        var scale = result.Analysis.Points[0];
        scale.Static.ShouldBeFalse();
        scale.Doc.ShouldBe("Scales the widget.");
        scale.Raises.ShouldBe(["ArgumentOutOfRangeException"]);
        scale.Branches.ShouldBe(2);
        result.Analysis.Points[2].Variadic.ShouldBeTrue();
        result.Analysis.Points[3].IsAsync.ShouldBeTrue();
        result.Analysis.Points[4].Parameters.ShouldHaveSingleItem().Default.ShouldBe("null");
        scale.TypeArgs.ShouldBeNull();
        result.Analysis.Classes.ShouldHaveSingleItem().Constructor.ShouldHaveSingleItem().Type.ShouldBe("int");
        result.FullNames["Widget"].ShouldBe("Shop.Parts.Widget");
        notes.ShouldBe([
            "Shop/Parts.cs: NeedsStream has no parameterless or simple public constructor (its primary constructor takes types no inputs are generated for): its instance methods are left out.",
            "Shop/Parts.cs: Generics.Make is generic and T must be a class with a parameterless constructor: left out (a type argument is picked only for class, struct, unmanaged, notnull, new() and the interfaces int or string implement).",
            "Shop/Parts.cs: Generics.Area is generic and T is constrained to IShape: left out (a type argument is picked only for class, struct, unmanaged, notnull, new() and the interfaces int or string implement).",
            "Shop/Parts.cs: Widget.Swap takes ref/out/in parameters: no inputs are generated for it.",
            "Shop/Parts.cs: Widget.Pick has overloads with 1 parameters: left out (the harness finds methods by name and arity).",
            "Shop/Parts.cs: Widget.Pick has overloads with 1 parameters: left out (the harness finds methods by name and arity).",
            "Shop/Parts.cs: Widget.Measure takes stream of type Stream, for which no inputs are generated.",
        ], ignoreOrder: true);
    }

    [Fact]
    public void Analyze_GenericMethods_TypeArgumentsPickedFromTheirConstraintsAndSubstituted()
    {
        var points = CSharpAnalyzer.Analyze("Shop/Parts.cs", Source, []).Analysis.Points.ToDictionary(p => p.QualifiedName);

        string Signature(string name) =>
            $"{points[name].TypeArgs}({string.Join(", ", points[name].Parameters.Select(p => p.Type))}) -> {points[name].Returns}";

        // No constraint, and a method of a class built from its constructor.
        Signature("Widget.Echo").ShouldBe("<int>(int) -> int");
        // INumber<T>: int meets it.
        Signature("Generics.Max").ShouldBe("<int>(int, int) -> int");
        // class: string (its T? is string?).
        Signature("Generics.Describe").ShouldBe("<string>(string?) -> string");
        // struct: T? is Nullable<T>, so int?; the word T inside List<T> is replaced too.
        Signature("Generics.Twice").ShouldBe("<int>(int?) -> List<int>");
        // Unconstrained T? is only an annotation: int, not int?.
        Signature("Generics.OrDefault").ShouldBe("<int>(int, int) -> int");
        // One argument per type parameter, each from its own where clause; TKey is not touched by T's replacement.
        Signature("Generics.Pair").ShouldBe("<int, string>(int, string) -> int[]");
        points["Generics.Max"].Static.ShouldBeTrue();
        points.ShouldNotContainKey("Box.Size");
    }

    [Fact]
    public void Characterise_GenericMethod_CallsItWithThePickedTypeArguments()
    {
        var support = new CSharpSupport();
        var result = CSharpAnalyzer.Analyze("Shop/Parts.cs", Source, []);
        support.Remember("Shop/Parts.cs", result);
        support.SetTarget("Shop/Parts.cs");
        var max = result.Analysis.Points.Single(p => p.QualifiedName == "Generics.Max");
        var call = new CallPlan("k1", max, [("a", new GeneratedInput("one", "1")), ("b", new GeneratedInput("typical", "2"))], []);

        var (name, code) = support.Characterise(call, new Observation { Id = "k1", Kind = "returned", Value = "2", Type = "System.Int32", Stable = true }, new HashSet<string>())!.Value;

        name.ShouldBe("Max_One_Returns2");
        code.ShouldContain("Assert.Equal(2, Generics.Max<int>(1, 2));");
        code.ShouldContain("/// <summary>Generics.Max&lt;int&gt;(1, 2) returns 2, as observed");
    }

    [Fact]
    public void Inputs_ByDeclaredType_EdgeCasesAsCSharpLiteralsAndJson()
    {
        static List<string> Sources(string type) => [.. EdgeCases.For(new TestPointParameter { Name = "x", Type = type }, GenerationLanguage.CSharp).Select(i => i.Source)];

        Sources("int").ShouldBe(["3", "0", "-1", "int.MaxValue", "int.MinValue"]);
        Sources("int?").ShouldContain("null");
        Sources("string").ShouldBe(["\"abc\"", "\"\"", "\"héllo ☃ 日本\"", "\"   \"", "\"42\"", "new string('x', 1000)", "null!"]);
        Sources("List<int>").ShouldBe(["[3, 0, -1]", "[]", "[3]", "[.. new int[1000]]", "null!"]);
        Sources("System.String[]").ShouldBe(["[\"abc\", \"\", \"héllo ☃ 日本\"]", "[]", "[\"abc\"]", "null!"]);
        CSharpInputs.Supports("Stream").ShouldBeFalse();
        CSharpInputs.Json("int", "int.MaxValue")!.GetValue<int>().ShouldBe(int.MaxValue);
        CSharpInputs.Json("string", "new string('x', 1000)")!.GetValue<string>().Length.ShouldBe(1000);
        CSharpInputs.Json("string", "null!").ShouldBeNull();
        CSharpInputs.Json("string?", "null").ShouldBeNull();
        CSharpInputs.Json("int[]", "new int[1000]")!.AsArray().Count.ShouldBe(1000);
    }

    [Theory]
    [InlineData("c#")]
    [InlineData("cs")]
    [InlineData("dotnet")]
    [InlineData("CSharp")]
    public void Parse_Aliases_AreCSharp(string name)
    {
        GenerationLanguages.Parse(name).ShouldBe(GenerationLanguage.CSharp);
        GenerationLanguages.FromFile("Shop/Prices.cs").ShouldBe(GenerationLanguage.CSharp);
        GenerationLanguages.NameOf(GenerationLanguage.CSharp).ShouldBe("csharp");
    }

    [Theory]
    [InlineData("-7", "Minus7")]
    [InlineData("2.5d", "2Point5")]
    [InlineData("int.MaxValue", "IntMaxValue")]
    [InlineData("\"\"", "EmptyString")]
    [InlineData("\"abc\"", "Abc")]
    [InlineData("\"a;b\"", "String")]
    [InlineData("new int[] { 1, 2 }", "Array")]
    [InlineData("4200", "4200")]
    public void ValueName_Literal_ReadsAsWords(string literal, string expected) => CSharpSupport.ValueName(literal).ShouldBe(expected);

    [Fact]
    public void RenderAt_CandidateFile_OneClassNamedAfterTheFileInTheFoldersNamespace()
    {
        var text = new CSharpSupport().RenderAt("Shop.Tests/LightningGenerated/LgenPricing3Tests.cs", ["using Xunit;", "using Xunit;"], ["[Fact]\npublic void A()\n{\n}"]);

        text.ShouldEndWith("""
            using Xunit;

            namespace Shop.Tests.LightningGenerated;

            public sealed class LgenPricing3Tests
            {
                [Fact]
                public void A()
                {
                }
            }

            """);
        text.ShouldStartWith("// Generated by Lightning");
    }
}
