using Lightning.Monitoring.Ingest.LineProtocol;
using Lightning.Monitoring.Model;

namespace Lightning.Monitoring.Tests.Ingest;

public sealed class LineProtocolParserTests
{
    const long Now = 1_700_000_000_000_000_000;

    static (PointBatch Batch, LineProtocolResult Result) Parse(string body, Precision precision = Precision.Nanoseconds)
    {
        var batch = new PointBatch();
        var result = new LineProtocolParser().Parse(body, batch, precision, Now);
        return (batch, result);
    }

    [Fact]
    public void Parse_EveryFieldType_ReadsTypedValues()
    {
        var (batch, result) = Parse("cpu,host=a,core=0 f=1.5,neg=-2e3,i=42i,u=7u,b=t,B=FALSE,s=\"hi there\" 1700000000000000001\n");

        result.HasErrors.ShouldBeFalse();
        result.Rows.ShouldBe(7);
        batch.Series.Single().Canonical.ShouldBe("cpu,core=0,host=a");
        batch.ValueAt(0).ShouldBe(FieldValue.OfFloat(1.5));
        batch.ValueAt(1).ShouldBe(FieldValue.OfFloat(-2000));
        batch.ValueAt(2).ShouldBe(FieldValue.OfInteger(42));
        batch.ValueAt(3).ShouldBe(FieldValue.OfInteger(7));
        batch.ValueAt(4).ShouldBe(FieldValue.OfBoolean(true));
        batch.ValueAt(5).ShouldBe(FieldValue.OfBoolean(false));
        batch.ValueAt(6).ShouldBe(FieldValue.OfString("hi there"));
        batch.FieldAt(6).ShouldBe("s");
        Enumerable.Range(0, 7).ShouldAllBe(row => batch.TimestampAt(row) == 1_700_000_000_000_000_001);
    }

    [Fact]
    public void Parse_IntegersAndTimestamps_AgreeWithLongParseOnBothSidesOfTheFastPath()
    {
        // Up to 18 digits take the parser's own digit loop; a '+', 19 digits or the extremes go through long.TryParse.
        string[] integers = ["0", "-0", "7", "-42", "123456789012345678", "-123456789012345678", "1234567890123456789",
            "+12", "9223372036854775807", "-9223372036854775808", "000000000000000000001"];
        var body = string.Concat(integers.Select((token, i) => $"m v={token}i {(i % 2 == 0 ? "" : "-")}{i + 1}\n"));

        var (batch, result) = Parse(body);

        result.HasErrors.ShouldBeFalse();
        batch.Count.ShouldBe(integers.Length);
        for (var i = 0; i < integers.Length; i++)
        {
            batch.ValueAt(i).ShouldBe(FieldValue.OfInteger(long.Parse(integers[i], System.Globalization.CultureInfo.InvariantCulture)));
            batch.TimestampAt(i).ShouldBe(i % 2 == 0 ? i + 1 : -(i + 1));
        }
        Parse("m v=9223372036854775808i 1\n").Result.Errors.Single().Reason.ShouldContain("invalid integer");
        Parse("m v=1i 9223372036854775808\n").Result.Errors.Single().Reason.ShouldContain("invalid timestamp");
        Parse("m v=-i 1\n").Result.Errors.Single().Reason.ShouldContain("invalid integer");
    }

    [Fact]
    public void Parse_FieldNamesThatChangeFromLineToLine_KeepTheirOwnNames()
    {
        // Names are remembered per position from the previous line; a line with other names, fewer or more fields, or
        // escaped names must still get its own.
        var parser = new LineProtocolParser();
        var batch = new PointBatch();
        var result = parser.Parse("m a=1,b=2\nm b=3,a=4\nm a=5\nm a=6,b=7,c=8\nm a\\ x=9,b\\,y=10\nm a=11,b=12\n", batch, Precision.Seconds, Now);
        var second = new PointBatch();
        parser.Parse("m b=13,a\\ x=14\n", second, Precision.Seconds, Now);

        result.HasErrors.ShouldBeFalse();
        Enumerable.Range(0, batch.Count).Select(row => $"{batch.FieldAt(row)}={batch.ValueAt(row).AsDouble()}")
            .ShouldBe(["a=1", "b=2", "b=3", "a=4", "a=5", "a=6", "b=7", "c=8", "a x=9", "b,y=10", "a=11", "b=12"]);
        Enumerable.Range(0, second.Count).Select(row => $"{second.FieldAt(row)}={second.ValueAt(row).AsDouble()}").ShouldBe(["b=13", "a x=14"]);
    }

    [Fact]
    public void Parse_Floats_GiveTheSameDoubleAsDoubleParse()
    {
        // The parser's fast path for short decimals must agree bit for bit with double.Parse, on both sides of its limits.
        var random = new Random(42);
        var tokens = new List<string> { "0", "-0", "-0.0", "0.1", "0.3", "1.", ".5", "-.5", "007.250", "123456789012345", "1234567890123456",
            "0.000000000000001", "0.0000000000000001", "9007199254740993", "999999999999999.9", "1.7976931348623157", "2.2250738585072014", "-99.999" };
        for (var i = 0; i < 3000; i++)
        {
            var digits = random.Next(1, 18);
            var text = string.Concat(Enumerable.Range(0, digits).Select(_ => (char)('0' + random.Next(10))));
            var point = random.Next(-1, digits + 1);
            if (point >= 0) text = text[..point] + "." + text[point..];
            if (text == ".") text = "0.0";
            tokens.Add(random.Next(2) == 0 ? "-" + text : text);
        }
        var body = string.Concat(tokens.Select((token, i) => $"m v={token} {i + 1}\n"));

        var (batch, result) = Parse(body);

        result.HasErrors.ShouldBeFalse();
        batch.Count.ShouldBe(tokens.Count);
        for (var i = 0; i < tokens.Count; i++)
        {
            var expected = double.Parse(tokens[i], System.Globalization.CultureInfo.InvariantCulture);
            BitConverter.DoubleToInt64Bits(batch.ValueAt(i).AsDouble()).ShouldBe(BitConverter.DoubleToInt64Bits(expected), $"'{tokens[i]}'");
        }
    }

    [Fact]
    public void Parse_Escapes_AreUndoneInNamesTagsAndStrings()
    {
        var (batch, result) = Parse("disk\\ io\\,x,path=/a\\ b\\,c,k\\=1=v\\=2 field\\ one=1,s=\"say \\\"hi\\\" \\\\ back\\slash\" 5\n");

        result.HasErrors.ShouldBeFalse();
        var series = batch.Series.Single();
        series.Measurement.ShouldBe("disk io,x");
        series.Tag("path").ShouldBe("/a b,c");
        series.Tag("k=1").ShouldBe("v=2");
        batch.FieldAt(0).ShouldBe("field one");
        batch.ValueAt(1).AsString().ShouldBe("say \"hi\" \\ back\\slash");
    }

    [Theory]
    [InlineData(Precision.Nanoseconds, "n", 5L)]
    [InlineData(Precision.Microseconds, "u", 5_000L)]
    [InlineData(Precision.Milliseconds, "ms", 5_000_000L)]
    [InlineData(Precision.Seconds, "s", 5_000_000_000L)]
    [InlineData(Precision.Minutes, "m", 300_000_000_000L)]
    [InlineData(Precision.Hours, "h", 18_000_000_000_000L)]
    public void Parse_Precision_ScalesTimestamps(Precision precision, string name, long expected)
    {
        Precisions.Parse(name).ShouldBe(precision);
        var (batch, _) = Parse("m v=1 5", precision);
        batch.TimestampAt(0).ShouldBe(expected);
    }

    [Fact]
    public void Parse_NoTimestamp_UsesNowAndSkipsBlankLinesAndComments()
    {
        var (batch, result) = Parse("# a comment\n\n   \nm v=1\r\nm v=2\n");

        result.HasErrors.ShouldBeFalse();
        result.Lines.ShouldBe(2);
        batch.Count.ShouldBe(2);
        batch.TimestampAt(0).ShouldBe(Now);
        batch.ValueAt(1).AsDouble().ShouldBe(2);
    }

    [Fact]
    public void Parse_RepeatedSeries_IsOneSeriesInTheBatch()
    {
        var body = string.Concat(Enumerable.Range(0, 100).Select(i => $"cpu,host=h{i % 3} v={i} {i}\n"));
        var parser = new LineProtocolParser();
        var first = new PointBatch();
        var second = new PointBatch();

        parser.Parse(body, first, Precision.Nanoseconds, Now).Rows.ShouldBe(100);
        parser.Parse(body, second, Precision.Nanoseconds, Now).Rows.ShouldBe(100);

        first.Series.Count.ShouldBe(3);
        second.Series.Count.ShouldBe(3);
        second.SeriesAt(99).Tag("host").ShouldBe("h0");
        second.TimestampAt(99).ShouldBe(99);
    }

    [Theory]
    [InlineData("cpu", "missing fields")]
    [InlineData("cpu ", "missing fields")]
    [InlineData("cpu v", "has no '=' and value")]
    [InlineData("cpu v=", "has no value")]
    [InlineData("cpu =1", "empty name")]
    [InlineData("cpu v=abc", "strings must be quoted")]
    [InlineData("cpu v=NaN", "strings must be quoted")]
    [InlineData("cpu v=1.2.3", "invalid number")]
    [InlineData("cpu v=1e999", "out of range")]
    [InlineData("cpu v=1.5i", "invalid integer")]
    [InlineData("cpu v=-1u", "invalid unsigned")]
    [InlineData("cpu v=18446744073709551615u", "above the largest")]
    [InlineData("cpu v=\"open", "unterminated string")]
    [InlineData("cpu v=\"a\"b", "after the closing quote")]
    [InlineData("cpu v=1 12x", "invalid timestamp")]
    [InlineData("cpu v=1 1 2", "unexpected text")]
    [InlineData("cpu v=1 9223372036854775807", "out of range for its precision")]
    [InlineData(",t=1 v=1", "missing measurement")]
    [InlineData("cpu,t v=1", "tag 't' has no '='")]
    [InlineData("cpu,t= v=1", "tag 't' has no value")]
    [InlineData("cpu,=x v=1", "empty key")]
    [InlineData("cpu,t=a=b v=1", "unescaped '='")]
    [InlineData("cpu,t=a,t=b v=1", "twice")]
    public void Parse_BadLine_IsRefusedWithItsNumberAndReason(string bad, string reason)
    {
        var (batch, result) = Parse($"ok v=1 1\n{bad}\nok v=3 3\n", Precision.Seconds);

        result.Lines.ShouldBe(3);
        result.RejectedLines.ShouldBe(1);
        var error = result.Errors.Single();
        error.Line.ShouldBe(2);
        error.Reason.ShouldContain(reason);
        batch.Count.ShouldBe(2);
        batch.ValueAt(1).AsDouble().ShouldBe(3);
        batch.Series.Select(s => s.Measurement).ShouldBe(["ok"]);
        result.Describe().ShouldContain("line 2:");
    }

    [Fact]
    public void Parse_BadFieldAfterGoodOnes_AddsNothingFromThatLine()
    {
        var (batch, result) = Parse("m a=1,b=2,c=oops 1\nm a=4 2");

        result.Errors.Single().Line.ShouldBe(1);
        batch.Count.ShouldBe(1);
        batch.ValueAt(0).AsDouble().ShouldBe(4);
    }

    [Fact]
    public void Parse_StringWithNewline_CountsLinesAfterIt()
    {
        var (batch, result) = Parse("m s=\"two\nlines\" 1\nm v=bad 2\n");

        batch.ValueAt(0).AsString().ShouldBe("two\nlines");
        result.Errors.Single().Line.ShouldBe(3);
    }

    [Fact]
    public void Parse_ManyBadLines_KeepsTheFirstHundredReasonsAndCountsAll()
    {
        var body = string.Concat(Enumerable.Range(0, 150).Select(i => $"m v=x{i}\n"));
        var (_, result) = Parse(body);

        result.RejectedLines.ShouldBe(150);
        result.Errors.Count.ShouldBe(100);
        result.Errors[^1].Line.ShouldBe(100);
        result.Describe().ShouldContain("150 of 150");
    }
}
