namespace Lightning.Collaboration.Coordination;

/// <summary>
/// How an agent has done lately: success rate and latency as exponentially weighted averages (recent runs count most),
/// plus totals and a window of latencies for percentiles. Used to weight selection and shown as metrics.
/// </summary>
public sealed class AgentStats
{
    const double Weight = 0.2;
    const int Window = 256;
    readonly double[] _latencies = new double[Window];
    int _samples;

    public long Runs { get; private set; }

    public long Succeeded { get; private set; }

    public long Failed { get; private set; }

    /// <summary>Starts optimistic, so a new agent gets work before it has a record.</summary>
    public double SuccessRate { get; private set; } = 1.0;

    public double LatencyMs { get; private set; }

    /// <summary>What a run has cost lately (the tools' reported usage cost), for Contract Net proposals.</summary>
    public double CostPerRun { get; private set; }

    public void Record(bool succeeded, double latencyMs, double cost = 0)
    {
        Runs++;
        if (succeeded)
        {
            Succeeded++;
        }
        else
        {
            Failed++;
        }

        SuccessRate = Runs == 1 ? (succeeded ? 1 : 0) : (SuccessRate * (1 - Weight)) + ((succeeded ? 1 : 0) * Weight);
        LatencyMs = Runs == 1 ? latencyMs : (LatencyMs * (1 - Weight)) + (latencyMs * Weight);
        CostPerRun = Runs == 1 ? cost : (CostPerRun * (1 - Weight)) + (cost * Weight);
        _latencies[_samples++ % Window] = latencyMs;
    }

    public double MeanLatencyMs() => _samples == 0 ? 0 : _latencies.Take(Math.Min(_samples, Window)).Average();

    public double PercentileLatencyMs(double percentile)
    {
        if (_samples == 0)
        {
            return 0;
        }

        var sorted = _latencies.Take(Math.Min(_samples, Window)).Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
