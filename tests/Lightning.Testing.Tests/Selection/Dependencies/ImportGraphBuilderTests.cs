using Lightning.Testing.Selection.Dependencies;
using Lightning.TestUtilities;

namespace Lightning.Testing.Tests.Selection.Dependencies;

public sealed class ImportGraphBuilderTests
{
    static ImportGraph Build(TempDirectory directory, params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files)
        {
            var full = directory.Combine(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        return new ImportGraphBuilder(directory.Path, files.Select(file => file.Path)).Build(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Build_Python_AbsoluteRelativeSrcLayoutAndTransitive()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("src/shop/__init__.py", ""),
            ("src/shop/cart.py", "from .prices import total\nfrom . import tax\n"),
            ("src/shop/prices.py", "import math\nfrom shop.util import (\n    rounding,\n    clamp,\n)\n"),
            ("src/shop/tax.py", "RATE = 0.2\n"),
            ("src/shop/util/__init__.py", "from .rounding import *\n"),
            ("src/shop/util/rounding.py", "def r(x):\n    return x\n"),
            ("tests/test_cart.py", "import os\nfrom shop.cart import Cart\nDATA = 'tests/data/cart.json'\n"),
            ("tests/data/cart.json", "{}"),
            ("tests/test_other.py", "def test_x():\n    import json\n"));

        Assert.Equal(["src/shop/__init__.py", "src/shop/cart.py", "tests/data/cart.json"], graph.DependenciesOf("tests/test_cart.py").Order(StringComparer.Ordinal));
        Assert.Equal(["src/shop/__init__.py", "src/shop/prices.py", "src/shop/tax.py"], graph.DependenciesOf("src/shop/cart.py").Order(StringComparer.Ordinal));
        Assert.Contains("src/shop/util/rounding.py", graph.DependenciesOf("src/shop/prices.py"));
        var impact = graph.ImpactOf("src/shop/util/rounding.py");
        Assert.Equal(["src/shop/cart.py", "src/shop/prices.py"], impact["tests/test_cart.py"]);
        Assert.DoesNotContain("tests/test_other.py", impact.Keys);
        Assert.True(graph.Reads("tests/test_cart.py", "tests/data/cart.json"));
    }

    [Fact]
    public void Build_JavaScriptAndTypeScript_RequireImportIndexAndEsmExtensions()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("src/math/index.ts", "export * from './add';\n"),
            ("src/math/add.ts", "export const add = (a: number, b: number) => a + b;\n"),
            ("src/format.js", "const { add } = require('./math');\nmodule.exports = x => String(add(x, 1));\n"),
            ("src/esm.mjs", "import lodash from 'lodash';\nimport { add } from './math/add.js';\n"),
            ("test/format.test.js", "const format = require('../src/format');\njest.mock('../src/esm.mjs');\n"),
            ("test/types.test.ts", "import type { X } from '../src/math/index';\nimport('../src/format').then(() => {});\n"));

        Assert.Equal(["src/esm.mjs", "src/format.js"], graph.DependenciesOf("test/format.test.js").Order(StringComparer.Ordinal));
        Assert.Equal(["src/format.js", "src/math/index.ts"], graph.DependenciesOf("test/types.test.ts").Order(StringComparer.Ordinal));
        Assert.Equal(["src/math/add.ts"], graph.DependenciesOf("src/esm.mjs"));
        Assert.Equal(["src/esm.mjs", "src/format.js", "src/math/index.ts", "test/format.test.js", "test/types.test.ts"], graph.ImpactOf("src/math/add.ts").Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Build_Go_PackagesOfTheModuleAndSiblingFiles()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("go.mod", "module example.com/shop\n\ngo 1.19\n"),
            ("calc/calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n"),
            ("calc/util.go", "package calc\n"),
            ("calc/calc_test.go", "package calc\n\nimport \"testing\"\n"),
            ("api/api.go", "package api\n\nimport (\n\t\"fmt\"\n\tc \"example.com/shop/calc\"\n)\n"),
            ("api/api_test.go", "package api_test\n\nimport \"example.com/shop/api\"\n"));

        Assert.Equal(["calc/calc.go", "calc/util.go"], graph.DependenciesOf("calc/calc_test.go").Order(StringComparer.Ordinal));
        Assert.Equal(["calc/calc.go", "calc/util.go"], graph.DependenciesOf("api/api.go").Order(StringComparer.Ordinal));
        Assert.Contains("api/api_test.go", graph.ImpactOf("calc/util.go").Keys);
    }

    [Fact]
    public void Build_Java_ImportsWildcardsStaticAndSamePackage()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("src/main/java/com/shop/Calc.java", "package com.shop;\n\npublic class Calc {}\n"),
            ("src/main/java/com/shop/Helper.java", "package com.shop;\n\nclass Helper {}\n"),
            ("src/main/java/com/shop/text/Format.java", "package com.shop.text;\n\nimport static com.shop.Calc.add;\npublic class Format {}\n"),
            ("src/main/java/com/other/Lone.java", "package com.other;\n"),
            ("src/test/java/com/shop/CalcTest.java", "package com.shop;\n\nimport org.junit.jupiter.api.Test;\nimport com.shop.text.*;\n"));

        Assert.Equal(["src/main/java/com/shop/Calc.java", "src/main/java/com/shop/Helper.java", "src/main/java/com/shop/text/Format.java"],
            graph.DependenciesOf("src/test/java/com/shop/CalcTest.java").Order(StringComparer.Ordinal));
        Assert.Equal(["src/main/java/com/shop/Calc.java"], graph.DependenciesOf("src/main/java/com/shop/text/Format.java"));
        Assert.DoesNotContain("src/test/java/com/shop/CalcTest.java", graph.ImpactOf("src/main/java/com/other/Lone.java").Keys);
    }

    [Fact]
    public void Build_Ruby_RequireAndRequireRelative()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("lib/calc.rb", "require_relative 'calc/acc'\n"),
            ("lib/calc/acc.rb", "class Acc; end\n"),
            ("spec/spec_helper.rb", "require 'json'\n"),
            ("spec/calc_spec.rb", "require 'spec_helper'\nrequire \"calc\"\n"));

        Assert.Equal(["lib/calc.rb", "spec/spec_helper.rb"], graph.DependenciesOf("spec/calc_spec.rb").Order(StringComparer.Ordinal));
        Assert.Equal(["lib/calc/acc.rb"], graph.DependenciesOf("lib/calc.rb"));
        Assert.Equal(["lib/calc.rb"], graph.ImpactOf("lib/calc/acc.rb")["spec/calc_spec.rb"]);
    }

    [Fact]
    public void Build_Php_UseGroupsRequireAndSameNamespace()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("src/Calc.php", "<?php\nnamespace App;\n\nclass Calc {}\n"),
            ("src/Money/Amount.php", "<?php\nnamespace App\\Money;\n\nclass Amount {}\n"),
            ("src/Money/Rate.php", "<?php\nnamespace App\\Money;\n\nclass Rate {}\n"),
            ("src/helpers.php", "<?php\nfunction h() {}\n"),
            ("tests/CalcTest.php", "<?php\nnamespace Tests;\n\nuse App\\Calc;\nuse App\\Money\\{Amount, Rate as R};\nrequire_once __DIR__ . '/../src/helpers.php';\n"));

        Assert.Equal(["src/Calc.php", "src/Money/Amount.php", "src/Money/Rate.php", "src/helpers.php"],
            graph.DependenciesOf("tests/CalcTest.php").Order(StringComparer.Ordinal));
        Assert.Equal(["src/Money/Rate.php"], graph.DependenciesOf("src/Money/Amount.php")); // same namespace
    }

    [Fact]
    public void Build_CSharp_UsingsAndEnclosingNamespaces()
    {
        using var directory = new TempDirectory();
        var graph = Build(directory,
            ("src/Shop/Calc.cs", "namespace Shop;\n\npublic static class Calc {}\n"),
            ("src/Shop/Text/Format.cs", "namespace Shop.Text\n{\n    using System;\n}\n"),
            ("src/Other/Thing.cs", "namespace Other;\n"),
            ("tests/Shop.Tests/CalcTests.cs", "using Shop.Text;\nusing static Shop.Calc;\nusing Xunit;\n\nnamespace Shop.Tests;\n"));

        Assert.Equal(["src/Shop/Calc.cs", "src/Shop/Text/Format.cs"], graph.DependenciesOf("tests/Shop.Tests/CalcTests.cs").Order(StringComparer.Ordinal));
        Assert.Empty(graph.ImpactOf("src/Other/Thing.cs"));
    }

    [Fact]
    public void Update_SavedFile_ReplacesItsEdgesAndReportsStructuralChanges()
    {
        using var directory = new TempDirectory();
        var files = new[] { ("a.py", "import b\n"), ("b.py", ""), ("c.py", ""), ("Thing.java", "package p;\n") };
        foreach (var (path, text) in files)
        {
            File.WriteAllText(directory.Combine(path), text);
        }

        var builder = new ImportGraphBuilder(directory.Path, files.Select(file => file.Item1));
        var graph = builder.Build(TestContext.Current.CancellationToken);
        File.WriteAllText(directory.Combine("a.py"), "import c\n");
        File.WriteAllText(directory.Combine("Thing.java"), "package q;\n");

        Assert.True(builder.Update(graph, "a.py"));
        Assert.Equal(["c.py"], graph.DependenciesOf("a.py"));
        Assert.Empty(graph.DependentsOf("b.py"));
        Assert.False(builder.Update(graph, "Thing.java")); // its package changed: rebuild
        Assert.False(builder.Update(graph, "new.py"));     // not known: a new file is structural
    }
}
