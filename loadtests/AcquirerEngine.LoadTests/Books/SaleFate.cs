namespace AcquirerEngine.LoadTests.Books;

/// <summary>What the harness knows a sale ended as; Unknown when a call's answer was lost (timeout, transport).</summary>
public enum SaleFate
{
    Unknown,
    Approved,
    Declined,
    Voided,
    Reversed,
}
