using System.Diagnostics;
using System.Diagnostics.Metrics;
using Lightning.Agents.Actions;
using Lightning.Core.Diagnostics;

namespace Lightning.Agents.Tests.Actions;

public sealed class ActionTelemetryTests
{
    [Fact]
    public async Task Action_WhenRun_EmitsASpanAndCountsItsEnd()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LightningTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);
        var counted = new List<(long Value, string? Status)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LightningTelemetry.Name && instrument.Name == "lightning.actions.finished")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var status = tags.ToArray().FirstOrDefault(t => t.Key == "status").Value as string;
            lock (counted) { counted.Add((value, status)); }
        });
        meters.Start();
        await using var host = await AgentsHost.StartAsync();

        var action = await host.RunAsync(new ActionRequest("devops-engineer", ActionKind.Command, ["false"]), TestContext.Current.CancellationToken);

        lock (spans)
        {
            var span = spans.Where(s => (string?)s.GetTagItem("lightning.action.id") == action.Id).ShouldHaveSingleItem();
            span.DisplayName.ShouldBe("action Command");
            span.Status.ShouldBe(ActivityStatusCode.Error);
            span.GetTagItem("lightning.agent").ShouldBe("devops-engineer");
        }

        lock (counted)
        {
            counted.ShouldContain((1, nameof(ActionStatus.Failed)));
        }
    }
}
