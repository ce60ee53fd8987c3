namespace AcquirerEngine.Domain.Risk;

/// <summary>What the risk desk is told. Stored in the journal: never renumber.</summary>
public enum RiskAlertKind
{
    NewMerchantLargeFirstSale = 1,
    TicketFarAboveAverage = 2,
    DailyVolumeSpike = 3,

    /// <summary>The same card several times within minutes: the classic card-testing or cash-out pattern.</summary>
    AbnormalFlow = 4,
    LargeNightSale = 5,
    RoundAmount = 6,
}
