using Lightning.Monitoring.Collectors.Database;

namespace Lightning.Monitoring.Tests.Collectors.Database;

public sealed class SqlNormalizerTests
{
    [Theory]
    [InlineData("SELECT * FROM t WHERE id = 42 AND name = 'bob'", "SELECT * FROM t WHERE id = ? AND name = ?")]
    [InlineData("select  *\n from t where x = -3.5e2", "select * from t where x = ?")]
    [InlineData("SELECT 'it''s' FROM t WHERE a IN (1, 2, 3,4)", "SELECT ? FROM t WHERE a IN (?)")]
    [InlineData("SELECT \"t1\".\"Col2\" FROM \"t1\" WHERE \"t1\".\"Id\" = @__id_0 -- tag\n LIMIT @p1", "SELECT \"t1\".\"Col2\" FROM \"t1\" WHERE \"t1\".\"Id\" = @__id_0 LIMIT @p1")]
    [InlineData("SELECT /* hint */ col3 FROM t2 WHERE v = $1", "SELECT col3 FROM t2 WHERE v = $1")]
    [InlineData("INSERT INTO t VALUES (E'x\\'y', N'z')", "INSERT INTO t VALUES (?)")]
    public void Literals_comments_and_whitespace_are_stripped(string sql, string expected) =>
        SqlNormalizer.Normalize(sql).ShouldBe(expected);

    [Fact]
    public void The_same_statement_with_other_values_has_one_shape() =>
        SqlNormalizer.Normalize("SELECT * FROM orders WHERE total > 100 AND city = 'Paris'")
            .ShouldBe(SqlNormalizer.Normalize("SELECT * FROM orders WHERE total > 7 AND city = 'Lyon'"));
}
