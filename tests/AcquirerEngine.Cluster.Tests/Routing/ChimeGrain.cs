using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>A grain with reminders that notes each tick it receives.</summary>
public sealed class ChimeGrain(ChimeTicks ticks) : Grain, IChimeGrain, IRemindable
{
    public Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ticks.Add(GetPrimaryKeyString(), reminderName, status.CurrentTickTime);
        return Task.CompletedTask;
    }
}
