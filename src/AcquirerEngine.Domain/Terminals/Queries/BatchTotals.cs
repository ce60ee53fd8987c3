namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Host totals of one batch in one currency. <see cref="SaleCount"/> and <see cref="SaleAmountMinor"/>
/// are what batch settlement (0500) compares with the terminal: the sales that still stand, i.e. approved
/// minus voided minus reversed. The breakdown is kept to explain a mismatch.
/// </summary>
public sealed record BatchTotals(
    uint BatchNo,
    string Currency,
    int SaleCount,
    long SaleAmountMinor,
    int ApprovedCount,
    long ApprovedAmountMinor,
    int VoidedCount,
    long VoidedAmountMinor,
    int ReversedCount,
    long ReversedAmountMinor,
    int DeclinedCount,
    int RefundCount,
    long RefundAmountMinor);
