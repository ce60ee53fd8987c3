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

    /// <summary>The full contract (account, pricing, cycle, risk); null for a merchant onboarded by name only.</summary>
    public MerchantProfile? Profile { get; set; }

    /// <summary>Counts profile changes (1 = first full onboarding).</summary>
    public int ProfileVersion { get; set; }
}
