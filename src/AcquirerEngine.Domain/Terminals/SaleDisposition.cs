namespace AcquirerEngine.Domain.Terminals;

/// <summary>The answer a sale got, as the terminal sees it. Values mirror the wire SaleResult.</summary>
public enum SaleDisposition
{
    Unspecified = 0,
    Approved = 1,
    Declined = 2,
}
