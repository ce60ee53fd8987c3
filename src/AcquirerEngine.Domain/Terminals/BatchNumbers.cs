namespace AcquirerEngine.Domain.Terminals;

/// <summary>Batch numbers are 6-digit like STANs; after 999999 the next batch is 1 (0 is "missing" on the wire).</summary>
public static class BatchNumbers
{
    public const uint Maximum = 999_999;

    public static uint Next(uint batchNo)
    {
        Invariant.Require(batchNo is >= 1 and <= Maximum, $"batch {batchNo} outside 1..{Maximum}");
        return batchNo == Maximum ? 1 : batchNo + 1;
    }
}
