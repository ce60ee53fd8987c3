namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>
/// What the test knows independently of the engine: the merchants and terminals, the money the terminals
/// took and gave back (to check that nothing is lost or invented between terminal and ledger), the freezes
/// and windows it set, what the run reached, and a log of every step (printed on failure).
/// </summary>
public sealed class SettlementWorld
{
    public SettlementWorld()
    {
        foreach (var merchant in Merchants)
        {
            foreach (var terminalId in merchant.TerminalIds)
            {
                Terminals.Add(new ModelTerminal(merchant.MerchantId, terminalId));
            }
        }
    }

    public IReadOnlyList<PropertyMerchant> Merchants { get; } = PropertyMerchant.All;

    public List<ModelTerminal> Terminals { get; } = [];

    /// <summary>Approved sale amounts per merchant: the ledger's captured bucket must equal it.</summary>
    public Dictionary<string, long> ApprovedMinor { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Voids, reversals and refunds the terminals accepted per merchant while the ledger transaction was still
    /// open (not rejected on review): the ledger's voided + reversed + refunded buckets must equal it.
    /// </summary>
    public Dictionary<string, long> GivenBackMinor { get; } = new(StringComparer.Ordinal);

    /// <summary>The bank returns some credits at random, so money returned on the last run may still be waiting at the end.</summary>
    public bool BankReturnsAtRandom { get; set; }

    public HashSet<string> MerchantFrozen { get; } = new(StringComparer.Ordinal);

    public HashSet<string> BankFrozen { get; } = new(StringComparer.Ordinal);

    public List<string> MaintenanceWindowIds { get; } = [];

    public HashSet<string> Reached { get; } = new(StringComparer.Ordinal);

    public List<string> Log { get; } = [];

    public PropertyMerchant MerchantOf(string merchantId) => Merchants.First(m => m.MerchantId == merchantId);

    public void Add(Dictionary<string, long> bucket, string merchantId, long amountMinor) =>
        bucket[merchantId] = bucket.GetValueOrDefault(merchantId) + amountMinor;
}
