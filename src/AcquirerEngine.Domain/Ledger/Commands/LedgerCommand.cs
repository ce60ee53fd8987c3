namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A request addressed to one merchant's ledger. Dates and times are inputs computed outside (calendar,
/// cut-off, channel): the ledger never reads a clock. Local times are acquirer-local with no offset.
/// </summary>
public abstract record LedgerCommand(string MerchantId);
