namespace AcquirerEngine.Benchmarks.Seeding;

/// <summary>What seeding did and how fast (wall seconds per phase); the expected money per merchant is the check's truth.</summary>
public sealed record SeedReport(
    int Merchants,
    int Terminals,
    long SalesApproved,
    long SalesRefused,
    double OnboardSeconds,
    double SalesSeconds,
    long SalesAllocatedBytes,
    IReadOnlyDictionary<string, long> CapturedMinorByMerchant)
{
    public double SalesPerSecond => SalesSeconds > 0 ? SalesApproved / SalesSeconds : 0;

    /// <summary>Managed bytes the whole process allocated in the sales phase per sale sent (approved or refused).</summary>
    public long AllocatedBytesPerSale => SalesApproved + SalesRefused > 0 ? SalesAllocatedBytes / (SalesApproved + SalesRefused) : 0;

    public double MerchantsOnboardedPerSecond => OnboardSeconds > 0 ? Merchants / OnboardSeconds : 0;
}
