namespace AcquirerEngine.Benchmarks.Seeding;

/// <summary>Points between seeding phases where a benchmark may look at the engine (all work of the phase done).</summary>
public enum SeedPhase
{
    MerchantsOnboarded,
    TerminalsSignedOn,
}
