using System.Collections;

namespace Lightning.Core.Processes;

/// <summary>
/// Removes variables that look like secrets from an inherited environment, so a command an agent runs never
/// sees the platform's API keys, database passwords or cloud credentials.
/// </summary>
public static class EnvironmentScrubber
{
    static readonly string[] SecretWords =
    [
        "KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "PWD_", "CREDENTIAL", "CONNECTIONSTRING", "AUTH", "COOKIE", "SESSION",
    ];

    static readonly string[] SecretPrefixes =
    [
        "LIGHTNING", "AWS_", "AZURE_", "GOOGLE_", "GCP_", "OPENAI", "ANTHROPIC", "GITHUB_", "GH_", "GITLAB_", "PG", "NPGSQL",
        "CONNECTIONSTRINGS", "OTEL_EXPORTER_OTLP_HEADERS", "DOCKER_AUTH", "SSH_AUTH_SOCK",
    ];

    public static bool IsSecret(string name)
    {
        var upper = name.ToUpperInvariant();
        foreach (var prefix in SecretPrefixes)
        {
            if (upper.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        foreach (var word in SecretWords)
        {
            if (upper.Contains(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The current process's environment without secret-looking variables.</summary>
    public static Dictionary<string, string> ScrubbedCurrent()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (!IsSecret(name))
            {
                result[name] = (string?)entry.Value ?? string.Empty;
            }
        }

        return result;
    }
}
