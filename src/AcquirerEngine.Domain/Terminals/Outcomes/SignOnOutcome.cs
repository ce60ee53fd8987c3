namespace AcquirerEngine.Domain.Terminals;

/// <param name="BatchNo">The open batch the terminal must use; 0 when the result is a rejection.</param>
public sealed record SignOnOutcome(SignOnResult Result, uint BatchNo, IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
