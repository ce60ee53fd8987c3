namespace AcquirerEngine.Domain.Settlement;

/// <summary>How many days after clearing a merchant is paid (R3).</summary>
public enum SettlementCycle
{
    /// <summary>First working day after the clearing date.</summary>
    T1 = 1,

    /// <summary>Clearing date + 1 calendar day, holidays ignored (the acquirer advances the funds).</summary>
    D1 = 2,

    /// <summary>The clearing date when it is a working day, else the next working day.</summary>
    T0 = 3,

    /// <summary>Second working day after the clearing date (new merchants' first weeks).</summary>
    T2 = 4,

    /// <summary>Third working day after the clearing date (new merchants' first weeks).</summary>
    T3 = 5,
}
