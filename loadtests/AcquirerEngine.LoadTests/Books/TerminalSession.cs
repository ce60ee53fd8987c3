namespace AcquirerEngine.LoadTests.Books;

/// <summary>
/// One signed-on terminal as the harness drives it: its open batch, the next STAN, and the approved sales
/// still free for one follow-up (a duplicate retry, a void or a reversal). Thread-safe.
/// </summary>
public sealed class TerminalSession
{
    private readonly object _gate = new();
    private readonly List<SaleRecord> _sales = [];
    private readonly List<SaleRecord> _followUpCandidates = [];
    private readonly HashSet<uint> _stansUsed = [];
    private uint _nextStan = 1;

    public TerminalSession(int index, string merchantId, string terminalId, uint batchNo)
    {
        Index = index;
        MerchantId = merchantId;
        TerminalId = terminalId;
        BatchNo = batchNo;
    }

    public int Index { get; }

    public string MerchantId { get; }

    public string TerminalId { get; }

    public uint BatchNo { get; }

    public uint NextStan()
    {
        lock (_gate)
        {
            var stan = _nextStan++;
            _stansUsed.Add(stan);
            return stan;
        }
    }

    public void AddSale(SaleRecord sale)
    {
        lock (_gate)
        {
            _sales.Add(sale);
        }
    }

    public void OfferForFollowUp(SaleRecord sale)
    {
        lock (_gate)
        {
            _followUpCandidates.Add(sale);
        }
    }

    /// <summary>Takes one approved sale out of the pool for a follow-up (so no two follow-ups race on it); null if none.</summary>
    public SaleRecord? ClaimForFollowUp(int randomValue)
    {
        lock (_gate)
        {
            if (_followUpCandidates.Count == 0)
            {
                return null;
            }

            var at = (int)((uint)randomValue % (uint)_followUpCandidates.Count);
            var sale = _followUpCandidates[at];
            _followUpCandidates[at] = _followUpCandidates[^1];
            _followUpCandidates.RemoveAt(_followUpCandidates.Count - 1);
            return sale;
        }
    }

    public IReadOnlyList<SaleRecord> Sales()
    {
        lock (_gate)
        {
            return [.. _sales];
        }
    }

    public bool UsedStan(uint stan)
    {
        lock (_gate)
        {
            return _stansUsed.Contains(stan);
        }
    }
}
