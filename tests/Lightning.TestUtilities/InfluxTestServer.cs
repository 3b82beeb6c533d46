using System.Net.Http.Headers;
using System.Text;

namespace Lightning.TestUtilities;

/// <summary>
/// The InfluxDB of scripts/services/influxdb.sh, from <c>LIGHTNING_TEST_INFLUXDB</c>
/// (<c>http://127.0.0.1:8187;user=admin;password=...</c>). Each test works in a database of its own.
/// </summary>
public sealed record InfluxTestServer(Uri Url, string User, string Password)
{
    public static InfluxTestServer Parse(string setting)
    {
        ArgumentException.ThrowIfNullOrEmpty(setting);
        var parts = setting.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string user = "", password = "";
        foreach (var part in parts.Skip(1))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2) throw new FormatException($"'{part}' in LIGHTNING_TEST_INFLUXDB is not key=value.");
            if (pair[0] == "user") user = pair[1];
            else if (pair[0] == "password") password = pair[1];
        }

        return new InfluxTestServer(new Uri(parts[0]), user, password);
    }

    /// <summary>A fresh database name (not created: the store under test creates it); drop it with <see cref="DropDatabaseAsync"/>.</summary>
    public static string NewDatabaseName() => "lt_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>An HTTP client to the server with the admin credentials (basic auth).</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")));
        return client;
    }

    /// <summary>Runs one InfluxQL statement through <c>POST /query</c> and returns the JSON answer.</summary>
    public async Task<string> QueryAsync(string statement, string? database, CancellationToken cancellationToken)
    {
        using var client = CreateClient();
        var form = new Dictionary<string, string> { ["q"] = statement };
        if (database is not null) form["db"] = database;
        using var response = await client.PostAsync(new Uri("query", UriKind.Relative), new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"InfluxDB answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public Task DropDatabaseAsync(string database, CancellationToken cancellationToken) =>
        QueryAsync($"DROP DATABASE \"{database}\"", null, cancellationToken);
}
