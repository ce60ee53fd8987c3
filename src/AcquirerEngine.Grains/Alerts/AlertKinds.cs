namespace AcquirerEngine.Grains.Alerts;

/// <summary>Known alert kinds. Strings on the wire and in the journal; add new ones here.</summary>
public static class AlertKinds
{
    /// <summary>A payout rail's oldest queued payout has waited longer than the rail's queue SLA.</summary>
    public const string PayoutQueueSla = "payout-queue-sla";

    /// <summary>A terminal batch has been open too long (scenario 13).</summary>
    public const string BatchOpenTooLong = "batch-open-too-long";

    /// <summary>An abnormal transaction flow was held (scenario 8).</summary>
    public const string AbnormalFlow = "abnormal-flow";
}
