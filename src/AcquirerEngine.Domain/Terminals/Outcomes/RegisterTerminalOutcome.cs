namespace AcquirerEngine.Domain.Terminals;

public sealed record RegisterTerminalOutcome(RegisterTerminalResult Result, IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
