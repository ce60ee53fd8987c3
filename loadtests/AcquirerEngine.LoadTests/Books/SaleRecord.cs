using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.LoadTests.Books;

/// <summary>One sale the harness sent, with the request (to retry it as a duplicate) and what it learned of its fate.</summary>
public sealed class SaleRecord
{
    public SaleRecord(SaleRequest request, int terminalIndex)
    {
        Request = request;
        TerminalIndex = terminalIndex;
    }

    public SaleRequest Request { get; }

    public int TerminalIndex { get; }

    public SaleFate Fate { get; set; }

    public string Rrn { get; set; } = "";

    public string LocalDate => Request.LocalTime[..10];
}
