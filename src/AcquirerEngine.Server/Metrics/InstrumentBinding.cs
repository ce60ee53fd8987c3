namespace AcquirerEngine.Server.Metrics;

/// <summary>What a listened instrument feeds: its family, and the factor to its base unit (ms to s: 0.001).</summary>
internal sealed record InstrumentBinding(FamilyAggregate Family, double Factor);
