namespace AcquirerEngine.Domain.Terminals;

/// <param name="BatchNo">
/// The batch to use at the next sign-on: the open batch, which after a batch close (0500 or 0320) is the
/// advanced number.
/// </param>
public sealed record SignOffOutcome(SignOffResult Result, uint BatchNo, IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
