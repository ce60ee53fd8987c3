namespace AcquirerEngine.Domain.Ledger;

public enum ConfigureAccountResult
{
    Configured = 1,

    /// <summary>Same configuration as the current one: nothing appended.</summary>
    Unchanged = 2,
}
