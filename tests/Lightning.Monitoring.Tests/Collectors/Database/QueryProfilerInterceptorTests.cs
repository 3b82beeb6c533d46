using Lightning.Monitoring.Collectors;
using Lightning.Monitoring.Collectors.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Lightning.Monitoring.Tests.Collectors.Database;

/// <summary>The EF Core interceptor on a SQLite context: every command timed, grouped by its shape.</summary>
public sealed class QueryProfilerInterceptorTests : IDisposable
{
    readonly SqliteConnection _connection = new("Data Source=:memory:");

    public QueryProfilerInterceptorTests() => _connection.Open();

    public void Dispose() => _connection.Dispose();

    sealed class Item
    {
        public int Id { get; set; }
        public string Name { get; set; } = string.Empty;
    }

    sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();
    }

    ShopContext CreateContext(QueryProfiler profiler) =>
        new(new DbContextOptionsBuilder<ShopContext>().UseSqlite(_connection).AddInterceptors(new QueryProfilerInterceptor(profiler)).Options);

    [Fact]
    public async Task Commands_are_counted_per_shape_with_their_timings_and_failures()
    {
        var profiler = new QueryProfiler();
        var cancellationToken = TestContext.Current.CancellationToken;
        await using (var context = CreateContext(profiler))
        {
            await context.Database.EnsureCreatedAsync(cancellationToken);
            context.Items.AddRange(Enumerable.Range(1, 5).Select(i => new Item { Name = "item" + i }));
            await context.SaveChangesAsync(cancellationToken);
            for (var i = 1; i <= 5; i++)
            {
                // Literal values differ; the shape is the same.
#pragma warning disable EF1002 // literals on purpose: the profiler must group them into one shape
                await context.Database.ExecuteSqlRawAsync($"UPDATE Items SET Name = 'renamed{i}' WHERE Id = {i}", cancellationToken);
#pragma warning restore EF1002
                (await context.Items.AsNoTracking().Where(item => item.Id == i).SingleAsync(cancellationToken)).Name.ShouldBe("renamed" + i);
            }

            await Should.ThrowAsync<SqliteException>(() => context.Database.ExecuteSqlRawAsync("SELECT * FROM Missing WHERE x = 1", cancellationToken));
        }

        var slowest = profiler.Slowest(100);
        var update = slowest.Single(s => s.Statement.StartsWith("UPDATE Items SET Name = ?", StringComparison.Ordinal));
        update.Statement.ShouldBe("UPDATE Items SET Name = ? WHERE Id = ?");
        update.Count.ShouldBe(5);
        update.TotalMs.ShouldBeGreaterThan(0);
        update.MaxMs.ShouldBeGreaterThanOrEqualTo(update.MeanMs);
        update.MaxMs.ShouldBeLessThanOrEqualTo(update.TotalMs);
        slowest.Single(s => s.Statement.Contains("FROM \"Items\" AS", StringComparison.Ordinal)).Count.ShouldBe(5);
        slowest.Single(s => s.Statement == "SELECT * FROM Missing WHERE x = ?").Errors.ShouldBe(1);

        // The collector writes the window once, the slowest first, then starts a new window.
        var collector = new QueryProfilerCollector(profiler, CollectorTestOptions.Create(o => o.Queries.TopStatements = 3));
        var rows = await collector.CollectAsync();
        rows.Of("db_query").Select(r => r.Series.Tag("statement")).Distinct().Count().ShouldBe(3);
        var totals = rows.Of("db_query").Where(r => r.Field == "total_ms").Select(r => r.Value.AsDouble()).ToList();
        totals.ShouldBe(totals.OrderDescending().ToList());
        (await collector.CollectAsync()).ShouldBeEmpty();
        profiler.Slowest(100).ShouldNotBeEmpty("totals since start stay after a drain");
    }

    [Fact]
    public void Past_the_limit_new_shapes_count_as_other()
    {
        var profiler = new QueryProfiler(maxStatements: 2);
        profiler.Record("SELECT a FROM t", TimeSpan.FromMilliseconds(1), false);
        profiler.Record("SELECT b FROM t", TimeSpan.FromMilliseconds(2), false);
        profiler.Record("SELECT c FROM t", TimeSpan.FromMilliseconds(3), false);
        profiler.Record("SELECT d FROM t", TimeSpan.FromMilliseconds(4), true);

        var stats = profiler.Slowest(10);
        stats.Count.ShouldBe(3);
        stats[0].Statement.ShouldBe(QueryProfiler.Other);
        stats[0].Count.ShouldBe(2);
        stats[0].Errors.ShouldBe(1);
        stats[0].MaxMs.ShouldBe(4);
    }

    [Fact]
    public void Long_statements_are_cut_to_a_distinct_tag()
    {
        var a = StatementTags.Shorten("SELECT " + new string('x', 300) + " FROM a");
        var b = StatementTags.Shorten("SELECT " + new string('x', 300) + " FROM b");
        a.Length.ShouldBeLessThanOrEqualTo(StatementTags.MaxLength);
        a.ShouldNotBe(b);
        StatementTags.Shorten("SELECT 1").ShouldBe("SELECT 1");
    }
}
