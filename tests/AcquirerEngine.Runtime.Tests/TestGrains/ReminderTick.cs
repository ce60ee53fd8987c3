namespace AcquirerEngine.Runtime.Tests.TestGrains;

/// <summary>One observed ReceiveReminder: what was delivered, when, and what the table said at that moment.</summary>
public sealed record ReminderTick(string Key, string Name, TickStatus Status, DateTimeOffset DeliveredAt, DateTimeOffset? NextDueInTable);
