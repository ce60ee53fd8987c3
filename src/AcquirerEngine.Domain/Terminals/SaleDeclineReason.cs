namespace AcquirerEngine.Domain.Terminals;

/// <summary>Why the host declined a sale. A decline is a recorded business outcome, not an error.</summary>
public enum SaleDeclineReason
{
    None = 0,

    /// <summary>The amount is above the terminal policy's per-sale limit.</summary>
    OverPerSaleLimit = 1,

    /// <summary>
    /// The terminal reversed this identity before the sale itself arrived (a delayed 0200 overtaken by
    /// its 0400). Approving it would debit a cardholder whose terminal already considers the sale cancelled.
    /// </summary>
    ReversedBeforeArrival = 2,
}
