namespace Lightning.Monitoring.Collectors.Http;

/// <summary>The outcome of one check, named as Telegraf's http_response names its <c>result</c> tag.</summary>
public enum HttpCheckOutcome
{
    Success = 0,
    ResponseStringMismatch = 1,
    BodyReadError = 2,
    ConnectionFailed = 3,
    Timeout = 4,
    DnsError = 5,
    ResponseStatusCodeMismatch = 6,
}

/// <summary>One run of one check: status (when a response came), latency to the response headers, the certificate's days left.</summary>
public sealed record HttpCheckResult(
    string Check,
    HttpCheckOutcome Outcome,
    int? StatusCode,
    TimeSpan ResponseTime,
    long? ContentLength,
    double? TlsExpiryDays,
    string? Error)
{
    public bool Success => Outcome == HttpCheckOutcome.Success;

    public static string ResultTag(HttpCheckOutcome outcome) => outcome switch
    {
        HttpCheckOutcome.Success => "success",
        HttpCheckOutcome.ResponseStringMismatch => "response_string_mismatch",
        HttpCheckOutcome.BodyReadError => "body_read_error",
        HttpCheckOutcome.ConnectionFailed => "connection_failed",
        HttpCheckOutcome.Timeout => "timeout",
        HttpCheckOutcome.DnsError => "dns_error",
        _ => "response_status_code_mismatch",
    };
}
