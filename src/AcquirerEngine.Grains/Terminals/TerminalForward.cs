using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>One financial terminal event waiting to reach the merchant's ledger; <paramref name="Id"/> is its record id.</summary>
public sealed record TerminalForward(string Id, TerminalEvent Event, DateTime RecordedAtLocal);
