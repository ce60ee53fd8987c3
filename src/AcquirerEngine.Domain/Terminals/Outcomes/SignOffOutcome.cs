namespace AcquirerEngine.Domain.Terminals;

/// <param name="BatchNo">
/// The batch to use at the next sign-on. Today that is the open batch; once batch settlement exists,
/// sign-off after a closed batch returns the advanced number (the seam is in <see cref="TerminalDecider"/>).
/// </param>
public sealed record SignOffOutcome(SignOffResult Result, uint BatchNo, IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
