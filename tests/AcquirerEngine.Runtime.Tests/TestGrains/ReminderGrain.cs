namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class ReminderGrain(GrainProbe probe) : Grain, IReminderGrain, IRemindable
{
    public Task Register(string name, TimeSpan dueTime, TimeSpan period) => RegisterOrUpdateReminder(name, dueTime, period);

    public async Task Unregister(string name)
    {
        var reminder = await GetReminder(name) ?? throw new InvalidOperationException($"no reminder {name}");
        await UnregisterReminder(reminder);
    }

    public async Task<bool> Has(string name) => await GetReminder(name) is not null;

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (probe.BeforeReminderTick is { } before)
        {
            await before(GetPrimaryKeyString(), reminderName);
        }

        DateTimeOffset? nextDue = null;
        if (probe.ReminderTable is { } table)
        {
            nextDue = (await table.ReadAsync(GrainId, reminderName, CancellationToken.None))?.NextDue;
        }

        probe.ReminderTicked(new ReminderTick(GetPrimaryKeyString(), reminderName, status, TimeProvider.GetUtcNow(), nextDue));
    }
}
