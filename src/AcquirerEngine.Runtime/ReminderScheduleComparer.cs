using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime;

/// <summary>
/// Delivery order of reminder ticks: due time, then grain id, then name (ordinal), so a replay over the same
/// table delivers in the same order every time.
/// </summary>
internal sealed class ReminderScheduleComparer : IComparer<ReminderEntry>
{
    public static readonly ReminderScheduleComparer Instance = new();

    public int Compare(ReminderEntry? x, ReminderEntry? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null)
        {
            return -1;
        }

        if (y is null)
        {
            return 1;
        }

        var byDue = x.NextDue.CompareTo(y.NextDue);
        if (byDue != 0)
        {
            return byDue;
        }

        var byType = string.CompareOrdinal(x.GrainId.Type, y.GrainId.Type);
        if (byType != 0)
        {
            return byType;
        }

        var byKey = string.CompareOrdinal(x.GrainId.Key, y.GrainId.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(x.Name, y.Name);
    }
}
