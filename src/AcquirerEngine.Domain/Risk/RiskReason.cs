namespace AcquirerEngine.Domain.Risk;

/// <summary>Why a sale was held or flagged. Stored in the journal: never renumber.</summary>
public enum RiskReason
{
    NewMerchantLargeFirstSale = 1,
    TicketFarAboveAverage = 2,
    DailyVolumeSpike = 3,
    RepeatedCard = 4,
    LargeNightSale = 5,
    RoundAmount = 6,
}
