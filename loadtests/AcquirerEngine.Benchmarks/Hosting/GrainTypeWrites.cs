namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>What one grain type wrote during a measured phase: how often, how many bytes, and the wall time inside the store.</summary>
public sealed record GrainTypeWrites(string GrainType, long Writes, long StateBytes, long JournalRecords, double StoreSeconds)
{
    public double AverageStateBytes => Writes == 0 ? 0 : Math.Round((double)StateBytes / Writes, 1);
}
