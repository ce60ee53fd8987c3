namespace AcquirerEngine.Domain.Terminals;

/// <summary>The same "who is asking" rule the decider applies to commands, for queries.</summary>
public static class TerminalAccessRule
{
    public static TerminalAccess Check(TerminalState state, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.Registered)
        {
            return TerminalAccess.NotRegistered;
        }

        return string.Equals(state.MerchantId, merchantId, StringComparison.Ordinal)
            ? TerminalAccess.Granted
            : TerminalAccess.MerchantMismatch;
    }
}
