namespace AcquirerEngine.Domain.Merchants;

/// <summary>
/// What the acquirer knows of one merchant. Plain and serializable: it is the persisted state of the
/// merchant grain. The settlement ledger joins it in the settlement work.
/// </summary>
public sealed class MerchantState
{
    public bool Onboarded { get; set; }

    public string MerchantId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Terminals registered to this merchant, in registration order.</summary>
    public List<string> TerminalIds { get; set; } = [];
}
